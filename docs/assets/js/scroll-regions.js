// A keyboard reader can scroll a wide table too: Material wraps each table in a scrolling box, which gets a place in
// the tab order here (axe: scrollable-region-focusable). Wide display formulas get theirs at build time
// (bookbuild/typeset.py). Nothing here reads the layout, so it costs no style or layout work.
document$.subscribe(() => {
  for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) box.tabIndex = 0;
});
