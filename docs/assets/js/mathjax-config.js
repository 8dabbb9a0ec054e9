// MathJax 3, self-hosted (assets/vendor/mathjax/tex-svg-full.js). Typesets what arithmatex marks, on every page,
// numbers \begin{equation} environments (AMS style) so that \eqref works, and re-typesets after instant loading.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams",
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  svg: { fontCache: "global" },
};

document$.subscribe(() => {
  if (!window.MathJax.startup || !window.MathJax.startup.output) return;  // first load: MathJax typesets itself
  if (MathJax.startup.output.clearCache) MathJax.startup.output.clearCache();
  MathJax.typesetClear();
  MathJax.texReset();
  MathJax.typesetPromise();
});
