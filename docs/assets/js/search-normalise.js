// Persian search: the index is normalised at build time (bookbuild/search.py); the query is normalised here the
// same way, so a word is found with or without the zero-width non-joiner and with Arabic or Persian ی and ک.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.classList.contains("md-search__input")) return;
  const normal = input.value.replace(/\u200c/g, "").replace(/\u064a/g, "\u06cc").replace(/\u0643/g, "\u06a9");
  if (normal !== input.value) input.value = normal;
}, true);
