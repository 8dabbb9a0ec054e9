// The words that a right-to-left reader meets out of order: on a right-to-left page, the Latin runs and the numbers
// of the prose under `root`, in logical order; two neighbours of one block that lie on one line must be laid out
// right to left (the first to the right of the second). Returns "first | second | the block's text" for each pair
// that is not. Code, math and elements with a declared left-to-right direction are not prose.
(root) => {
  if (getComputedStyle(root).direction !== "rtl") return [];
  const notProse = "pre, code, kbd, samp, script, style, svg, math, mjx-container, .arithmatex, [dir=ltr]";
  const block = "p, li, td, th, dt, dd, h1, h2, h3, h4, h5, h6, figcaption, caption, summary, blockquote";
  const token = /[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-–.'’\/+_ ]?[A-Za-z0-9]+)*|[۰-۹]+(?:[٫٬][۰-۹]+)*/g;
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(notProse)) continue;
    for (const match of node.data.matchAll(token)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const boxes = [...range.getClientRects()].filter(box => box.width > 0);
      if (boxes.length) {
        found.push({text: match[0], block: node.parentElement.closest(block), first: boxes[0], last: boxes.at(-1)});
      }
    }
  }
  const wrong = [];
  found.forEach((second, index) => {
    const first = found[index - 1];
    if (!first || !first.block || first.block !== second.block) return;
    const oneLine = first.last.top < second.first.bottom - 1 && second.first.top < first.last.bottom - 1;
    if (oneLine && first.last.left < second.first.right - 1) {
      wrong.push(`${first.text} | ${second.text} | ${first.block.textContent.trim().slice(0, 100)}`);
    }
  });
  return wrong;
}
