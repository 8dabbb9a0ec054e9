// Material fetches the search index (about 100 KB gzip) as each page loads, while a phone on a slow connection is
// still fetching the page's fonts and images, and most readers never search. Inlined in the head (bookbuild/hooks.py),
// before Material's script: the index is asked for when the reader first goes to the search box (a click, a tap, or
// Material's keyboard shortcut, which all focus it), or at once if the address asks for a search (?q=).
{
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...body) {
    const request = this;
    if (!request.searchIndex || new URLSearchParams(location.search).has("q")) return send.apply(request, body);
    const opened = event => {
      if (!event.target.matches?.("[data-md-component=search-query], #__search")) return;
      removeEventListener("focusin", opened);
      removeEventListener("change", opened);
      send.apply(request, body);
    };
    addEventListener("focusin", opened);
    addEventListener("change", opened);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.searchIndex = String(url).endsWith("/search/search_index.json");
    return open.call(this, method, url, ...rest);
  };
}
