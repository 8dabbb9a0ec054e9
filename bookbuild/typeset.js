// Typesets the book's math at build time (bookbuild/math.py starts this once per build and talks to it).
// Each input line is a JSON list of a page's formulas, each the inner HTML of an arithmatex element:
// "\\(…\\)", "\\[…\\]" or "\\begin{equation}…\\end{equation}", in page order. The answer line is
// {"math": [the HTML of each formula], "mathml": [each inline formula's MathML, spaced as MathJax spaces it; "" for a
// display one], "cache": the page's SVG glyph definitions, "css": MathJax's style sheet}. A page's formulas form one
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
const { SerializedMmlVisitor } = require("mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));  // MathML beside each SVG, for screen readers

// noerrors and noundefined would show a bad formula as its source instead of failing it.
const packages = AllPackages.filter(name => !["noerrors", "noundefined"].includes(name));

// MathJax wraps every node of a formula's MathML in an SVG <g>, most of which only shift their content. A phone's
// browser styles and lays out each element on every full-page pass, and a chapter has thousands: each such <g> is
// dissolved into its children, which take on its shift. The groups that MathJax's style sheet selects (tables, errors,
// actions), equation numbers, those with other attributes (an id, a colour) and those holding anything but shapes
// are kept.
const STYLED = new Set(["mtable", "merror", "maction"]);
const SHIFT_ONLY = new Set(["data-mml-node", "data-mjx-texclass", "transform"]);
const SHAPES = new Set(["g", "use", "rect", "path", "text", "line"]);

function dissolvable(g, parent) {
  return g.kind === "g" && !STYLED.has(g.attributes["data-mml-node"])
    && !STYLED.has(parent.attributes["data-mml-node"])  // a table's rows: its style sheet reaches cells through them
    && !("data-labels" in parent.attributes)  // equation numbers, one a row, which the EPUB reads (bookbuild/epub.py)
    && Object.keys(g.attributes).every(name => SHIFT_ONLY.has(name))
    && g.children.every(child => SHAPES.has(child.kind));
}

function flatten(node) {
  node.children = (node.children || []).flatMap(child => {
    flatten(child);
    delete child.attributes?.["data-c"];  // a glyph's code point, which nothing reads
    if (!dissolvable(child, node)) return [child];
    for (const grandchild of child.children) {
      grandchild.parent = node;
      const transform = compose(child.attributes.transform, grandchild.attributes.transform);
      if (transform) grandchild.attributes.transform = transform;
      else delete grandchild.attributes.transform;
    }
    return child.children;
  });
}

// Two SVG transform lists applied one after the other, as one: translate(x,y), or matrix(…) where it scales.
// MathJax writes only translate, scale and matrix; anything else is kept as the two lists.
function compose(outer = "", inner = "") {
  const steps = [...`${outer} ${inner}`.matchAll(/(\w+)\(([^)]*)\)/g)];
  let [a, b, c, d, e, f] = [1, 0, 0, 1, 0, 0];
  for (const [, name, args] of steps) {
    const n = args.split(/[\s,]+/).filter(Boolean).map(Number);
    const m = name === "translate" ? [1, 0, 0, 1, n[0], n[1] || 0]
      : name === "scale" ? [n[0], 0, 0, n.length > 1 ? n[1] : n[0], 0, 0]
      : name === "matrix" ? n : null;
    if (!m) return `${outer} ${inner}`.trim();
    [a, b, c, d, e, f] = [a * m[0] + c * m[1], b * m[0] + d * m[1], a * m[2] + c * m[3], b * m[2] + d * m[3],
                          a * m[4] + c * m[5] + e, b * m[4] + d * m[5] + f];
  }
  const [x, y] = [e, f].map(v => +v.toFixed(2));
  if (a === 1 && b === 0 && c === 0 && d === 1) return x || y ? `translate(${x},${y})` : "";
  return `matrix(${[a, b, c, d].map(v => +v.toPrecision(4)).join(" ")} ${x} ${y})`;
}

// The browser draws MathML with its own operator spacing, MathJax with TeX's, which depends on what stands on either
// side (a minus after a parenthesis is a sign, and is not spaced). bookbuild/mathml.py sends an inline formula to the
// browser as MathML, so TeX's spacing is written into it. MathJax puts each space before an element: before an
// operator it is the operator's lspace (its rspace is 0); before anything else it is the rspace of the operator just
// before, or else an <mspace> (an operator name after a letter).
const SPACE = { thinmathspace: "0.1667em", mediummathspace: "0.2222em", thickmathspace: "0.2778em" };

function texSpaced(root, factory) {
  const spaces = [];  // [parent, child, the space before it, whether it is an operator], read before any is written
  const read = node => {
    if (node.isToken || !node.childNodes) return;
    for (const child of node.childNodes) {
      const operator = child.isEmbellished && !child.hasSpacingAttributes();
      spaces.push([node, child, SPACE[child.texSpacing()] || "0", operator]);
      read(child);
    }
  };
  read(root);
  const operators = new Set(spaces.filter(([, , , operator]) => operator).map(([, child]) => child));
  // From the innermost out: an embellished operator (a sum with its limits) spaces its operator as a whole.
  for (const [, child, space] of spaces.filter(([, child]) => operators.has(child)).reverse()) {
    child.coreMO().attributes.set("lspace", space);
    child.coreMO().attributes.set("rspace", "0");
  }
  for (const [parent, child, space] of spaces.filter(([, child, space]) => !operators.has(child) && space !== "0")) {
    const previous = parent.childNodes[parent.childNodes.indexOf(child) - 1];
    if (operators.has(previous)) {
      previous.coreMO().attributes.set("rspace", space);
    } else {
      const before = factory.create("mspace", { width: space });
      parent.childNodes.splice(parent.childNodes.indexOf(child), 0, before);
      before.parent = parent;
    }
  }
}

// flat: false leaves MathJax's groups as they are (tests/test_typeset.py compares the drawings).
function typeset(formulas, { flat = true } = {}) {
  const body = formulas.map((tex, i) => `<div data-formula="${i}">${tex}</div>`).join("");
  const html = mathjax.document(`<html><head></head><body>${body}</body></html>`, {
    InputJax: new TeX({ packages, tags: "ams", processEscapes: true, processEnvironments: true,
                        inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]] }),
    OutputJax: new SVG({ fontCache: "global" }),
  });
  html.render();
  const root = adaptor.body(html.document);
  if (flat) for (const container of adaptor.tags(root, "mjx-container")) flatten(container);
  const math = formulas.map((_, i) =>
    adaptor.innerHTML(adaptor.tags(root, "div").find(div => adaptor.getAttribute(div, "data-formula") === `${i}`)));
  const mathml = formulas.map(() => "");
  const factory = html.mmlFactory, serialize = new SerializedMmlVisitor();
  for (const item of html.math) {
    if (item.display) continue;
    texSpaced(item.root, factory);
    mathml[+adaptor.getAttribute(adaptor.parent(item.typesetRoot), "data-formula")] = serialize.visitTree(item.root);
  }
  const cache = adaptor.tags(root, "svg").find(svg => adaptor.getAttribute(svg, "id") === SVG.FONTCACHEID);
  return { math, mathml, cache: cache ? adaptor.outerHTML(cache) : "",
           css: adaptor.textContent(html.outputJax.styleSheet(html)) };
}

module.exports = { typeset };
if (require.main === module) readline.createInterface({ input: process.stdin }).on("line", line => {
  process.stdout.write(JSON.stringify(typeset(JSON.parse(line))) + "\n");
});
