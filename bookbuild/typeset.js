// Typesets the book's math at build time (bookbuild/math.py starts this once per build and talks to it).
// Each input line is a JSON list of a page's formulas, each the inner HTML of an arithmatex element:
// "\\(…\\)", "\\[…\\]" or "\\begin{equation}…\\end{equation}", in page order. The answer line is
// {"math": [the HTML of each formula], "cache": the page's SVG glyph definitions}. A page's formulas form one
// MathJax document, so equation numbers and \eqref links work as in the browser, forward references included.
// Errors are not hidden: a TeX error comes back as an element with data-mjx-error, which math.py reports.
const readline = require("readline");
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));  // MathML beside each SVG, for screen readers

// noerrors and noundefined would show a bad formula as its source instead of failing it.
const packages = AllPackages.filter(name => !["noerrors", "noundefined"].includes(name));

function typeset(formulas) {
  const body = formulas.map((tex, i) => `<div data-formula="${i}">${tex}</div>`).join("");
  const html = mathjax.document(`<html><head></head><body>${body}</body></html>`, {
    InputJax: new TeX({ packages, tags: "ams", processEscapes: true, processEnvironments: true,
                        inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]] }),
    OutputJax: new SVG({ fontCache: "global" }),
  });
  html.render();
  const root = adaptor.body(html.document);
  const math = formulas.map((_, i) =>
    adaptor.innerHTML(adaptor.tags(root, "div").find(div => adaptor.getAttribute(div, "data-formula") === `${i}`)));
  const cache = adaptor.tags(root, "svg").find(svg => adaptor.getAttribute(svg, "id") === SVG.FONTCACHEID);
  return { math, cache: cache ? adaptor.outerHTML(cache) : "", css: adaptor.textContent(html.outputJax.styleSheet(html)) };
}

readline.createInterface({ input: process.stdin }).on("line", line => {
  process.stdout.write(JSON.stringify(typeset(JSON.parse(line))) + "\n");
});
