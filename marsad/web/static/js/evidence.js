// Article text with each coded field's evidence marked: <mark data-field="fatalities">.
//
// Spans may overlap (the evidence sentence contains every other span), so the
// text is cut at every span boundary and each piece carries the space-separated
// list of the fields covering it: select one with [data-field~="fatalities"].
// Built with DOM nodes and textContent only, never innerHTML: article text is data.

// Which field colours a piece covered by several: the most specific first.
export const FIELD_ORDER = [
  "fatalities",
  "injured",
  "actor1",
  "actor2",
  "location",
  "admin1",
  "country",
  "event_date",
  "sub_event_type",
  "event_type",
  "evidence",
];

function rank(field) {
  const index = FIELD_ORDER.indexOf(field);
  return index === -1 ? FIELD_ORDER.length - 1 : index;
}

// The spans of `spans` ({field: {start, end, text, field}}) that point into `source`
// ("title" or "text") and still match its characters.
export function spansInto(spans, source, text) {
  const found = [];
  for (const [name, span] of Object.entries(spans ?? {})) {
    if ((span.field ?? "text") !== source) continue;
    if (text.slice(span.start, span.end) === span.text) {
      found.push({ name, start: span.start, end: span.end });
    }
  }
  return found;
}

// Fill `container` with `text`, marking the given spans.
export function renderMarked(container, text, spans) {
  container.replaceChildren();
  const cuts = new Set([0, text.length]);
  for (const span of spans) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i += 1) {
    const start = points[i];
    const end = points[i + 1];
    const piece = text.slice(start, end);
    const fields = spans
      .filter((span) => span.start <= start && span.end >= end)
      .map((span) => span.name)
      .sort((a, b) => rank(a) - rank(b));
    if (!fields.length) {
      container.append(piece);
      continue;
    }
    const mark = document.createElement("mark");
    mark.dataset.field = fields.join(" ");
    mark.className = `field-${fields[0]}`;
    mark.textContent = piece;
    container.append(mark);
  }
}

// Emphasise one field's marks (and dim the others); null clears the emphasis.
export function emphasise(root, field) {
  root.classList.toggle("emphasis", Boolean(field));
  let first = null;
  for (const mark of root.querySelectorAll("mark")) {
    const on = Boolean(field) && mark.dataset.field.split(" ").includes(field);
    mark.classList.toggle("active", on);
    if (on && !first) first = mark;
  }
  first?.scrollIntoView({ block: "center", behavior: "smooth" });
  return first !== null;
}
