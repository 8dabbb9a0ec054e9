// The light/dark toggle, inlined by bookbuild/hooks.py just after Material's palette form in the header, in place of
// Material's own palette script. Material's sets the scheme again once the whole page is parsed, and each time
// every element of the page is styled anew: on a chapter, thousands of formula elements, about 0.7 s of a phone's
// main thread. Here the body is still empty but for the header, so setting the scheme costs nothing.
// The scheme follows the reader's system setting until the toggle is used; the choice is kept as Material keeps it.
(() => {
  const form = document.querySelector("[data-book-palette]");
  const inputs = [...form.querySelectorAll("input")];
  const media = input => matchMedia(input.getAttribute("data-md-color-media"));
  const colour = input => Object.fromEntries(["media", "scheme", "primary", "accent"].map(
    key => [key, input.getAttribute(`data-md-color-${key}`)]));
  const meta = name => document.head.appendChild(Object.assign(document.createElement("meta"), { name }));
  const [themeColour, colourScheme] = [meta("theme-color"), meta("color-scheme")];

  function show(index) {
    for (const [key, value] of Object.entries(colour(inputs[index])))
      document.body.setAttribute(`data-md-color-${key}`, value);
    inputs.forEach((input, other) => {
      input.checked = other === index;
      input.nextElementSibling.hidden = other !== index;  // each input's label switches to the next scheme
    });
    const header = getComputedStyle(document.querySelector("[data-md-component=header]"));
    colourScheme.content = header.colorScheme;
    themeColour.content = header.backgroundColor;
  }

  const saved = __md_get("__palette");
  show(saved && inputs[saved.index] ? saved.index : Math.max(0, inputs.findIndex(input => media(input).matches)));

  form.addEventListener("change", event => {
    document.body.setAttribute("data-md-color-switching", "");  // Material's rule: no colour transitions meanwhile
    const index = inputs.indexOf(event.target);
    show(index);
    __md_set("__palette", { index, color: colour(inputs[index]) });
    setTimeout(() => document.body.removeAttribute("data-md-color-switching"));
  });
  form.addEventListener("keydown", event => {  // Enter on the toggle switches too, as with Material's
    if (event.key !== "Enter") return;
    const next = inputs[(inputs.findIndex(input => input.checked) + 1) % inputs.length];
    next.click();
    next.focus();
  });
  for (const input of inputs)
    media(input).addEventListener("change", event => {
      if (event.matches && !__md_get("__palette")) show(inputs.indexOf(input));
    });
})();
