"""What the whole-book outputs share (`make pdf`'s book PDFs, `make epub`): the book's words in each language, its
pages in reading order, and the date of the last commit."""
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from bookbuild.markup import EDITION_ROOT

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"fa": {"book": "یادگیری عمیق، تمرین ۲", "contents": "فهرست", "edition": "نسخهٔ فارسی",
                "subtitle": "پاسخ اجراپذیر و دوزبانه به تمرین دوم درس یادگیری عمیق",
                "author": "دانشجوی درس یادگیری عمیق، دانشگاه علم و صنعت ایران", "cover": "جلد",
                "downloads": "کتاب کامل را بارگیری کنید", "epub": "کتاب الکترونیکی (EPUB)",
                "pdf": "PDF کل کتاب"},
         "en": {"book": "Deep Learning, Homework 2", "contents": "Contents", "edition": "English edition",
                "subtitle": "An executable, bilingual answer to homework 2 of a deep-learning course",
                "author": "A student of the Deep Learning course, Iran University of Science and Technology",
                "cover": "Cover", "downloads": "Download the whole book", "epub": "E-book (EPUB)",
                "pdf": "The whole book as a PDF"}}


def pages(site, lang):
    """The edition's page paths under the site (`""`, `"softmax-bottleneck/"`, … or `"en/…"`), in the order of the
    site's navigation: the home page, the chapters, the notebooks, the glossary, the bibliography."""
    root = EDITION_ROOT[lang]
    home = BeautifulSoup((Path(site) / root / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = []
    for link in home.select("nav.md-nav--primary a.md-nav__link[href]"):
        path = urljoin("/" + root, link["href"])[1:]  # "." and "./" are the home page, ""
        if not link["href"].startswith("#") and path not in found:
            found.append(path)
    return found


def modified():
    """The date of the last commit, in UTC: what makes two builds of one commit identical."""
    stamp = subprocess.run(["git", "log", "-1", "--format=%cI"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    return datetime.fromisoformat(stamp).astimezone(timezone.utc)
