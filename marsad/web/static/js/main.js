// The marsad explorer: filters → map clusters, timeline, event list → one event with its sources.
//
// State lives in one object and in the URL hash, so a view can be bookmarked or
// shared.  Every request for a panel cancels that panel's previous one, so a
// slow answer never overwrites a newer view.

import { ApiError, exportUrl, getJson, pathPart } from "./api.js";
import { TYPE_COLORS, typeColor } from "./colors.js";
import { emphasise, renderMarked, spansInto } from "./evidence.js";
import { fmt, language, savedLanguage, setLanguage, t, value } from "./i18n.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";

const FILTER_NAMES = ["date_from", "date_to", "country", "admin1", "type", "actor", "text", "min_sources"];
const PAGE_SIZE = 50;
// The rows of the event view, in order; each can highlight its evidence.
const FIELDS = [
  "event_type",
  "sub_event_type",
  "event_date",
  "country",
  "admin1",
  "location",
  "actor1",
  "actor2",
  "fatalities",
  "injured",
  "evidence",
];

const $ = (id) => document.getElementById(id);

const state = {
  filters: {},
  inView: false,
  place: null, // bbox of a map cluster the user picked: the list shows its events
  sort: "-event_date",
  offset: 0,
  eventId: null,
  reportIndex: 0,
  field: null,
};

const pending = {};
let map;
let timeline;
let lastEvent = null;
let lastArticle = null;
let lastList = null;
let lastTotals = null;

// ------------------------------------------------------------------ requests

async function request(kind, path, params) {
  pending[kind]?.abort();
  const controller = new AbortController();
  pending[kind] = controller;
  try {
    const body = await getJson(path, params, controller.signal);
    hideError();
    return body;
  } catch (error) {
    if (error.name === "AbortError") return null;
    showError(error instanceof ApiError ? error.message : String(error));
    return null;
  } finally {
    if (pending[kind] === controller) delete pending[kind];
  }
}

function showError(message) {
  const banner = $("error-banner");
  banner.textContent = `${t("error")}: ${message}`;
  banner.hidden = false;
}

function hideError() {
  $("error-banner").hidden = true;
}

function filterParams({ withDates = true } = {}) {
  const params = { ...state.filters };
  if (!withDates) {
    delete params.date_from;
    delete params.date_to;
  }
  return params;
}

function setPlace(bbox) {
  state.place = bbox;
  $("place-clear").hidden = !bbox;
}

function listBbox() {
  if (state.place) return state.place;
  return state.inView ? map.bbox() : null;
}

// ------------------------------------------------------------------ URL hash

function writeHash() {
  const params = new URLSearchParams();
  for (const [key, val] of Object.entries(state.filters)) if (val) params.set(key, val);
  if (state.inView) params.set("in_view", "1");
  if (state.sort !== "-event_date") params.set("sort", state.sort);
  if (state.eventId) params.set("event", state.eventId);
  const hash = params.toString();
  history.replaceState(null, "", hash ? `#${hash}` : location.pathname);
}

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const name of FILTER_NAMES) if (params.get(name)) state.filters[name] = params.get(name);
  state.inView = params.get("in_view") === "1";
  state.sort = params.get("sort") || "-event_date";
  state.eventId = params.get("event");
}

// ------------------------------------------------------------------ filters form

function formToState() {
  const form = $("filters");
  state.filters = {};
  for (const name of FILTER_NAMES) {
    const val = form.elements[name].value.trim();
    if (val) state.filters[name] = val;
  }
  state.inView = form.elements.in_view.checked;
}

function stateToForm() {
  const form = $("filters");
  for (const name of FILTER_NAMES) form.elements[name].value = state.filters[name] ?? "";
  form.elements.in_view.checked = state.inView;
  $("sort").value = state.sort;
}

function fillSelect(select, counts) {
  const chosen = select.value;
  const first = select.options[0];
  select.replaceChildren(first);
  const entries = Object.entries(counts).filter(([name]) => name);
  entries.sort((a, b) => b[1] - a[1]);
  for (const [name, count] of entries) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = `${value(name)} (${fmt(count)})`;
    select.append(option);
  }
  select.value = chosen;
}

let options = { by_country: {}, by_event_type: {} };

async function loadOptions() {
  const all = await request("options", "stats", {});
  if (!all) return;
  options = all;
  renderOptions();
}

function renderOptions() {
  const form = $("filters");
  fillSelect(form.elements.country, options.by_country);
  fillSelect(form.elements.type, options.by_event_type);
  if (state.filters.country) form.elements.country.value = state.filters.country;
  if (state.filters.type) form.elements.type.value = state.filters.type;
  const legend = $("legend");
  legend.replaceChildren();
  for (const type of Object.keys(TYPE_COLORS)) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = typeColor(type);
    item.append(swatch, value(type));
    legend.append(item);
  }
}

// ------------------------------------------------------------------ panels

async function refreshAll() {
  writeHash();
  updateExportLinks();
  await Promise.all([refreshTotals(), refreshTimeline(), refreshMap(), refreshList()]);
}

// Move the map to where the matching events are (after the user changed the filters).
async function fitToResults() {
  const answer = await request("fit", "events/clusters", { ...filterParams(), zoom: 2 });
  if (!answer?.clusters.length) return;
  let [lon0, lat0, lon1, lat1] = answer.clusters[0].bbox;
  for (const { bbox } of answer.clusters) {
    lon0 = Math.min(lon0, bbox[0]);
    lat0 = Math.min(lat0, bbox[1]);
    lon1 = Math.max(lon1, bbox[2]);
    lat1 = Math.max(lat1, bbox[3]);
  }
  // A lone town would otherwise fill the map at street level: show its surroundings.
  const margin = 2;
  if (lon1 - lon0 < 2 * margin) [lon0, lon1] = [lon0 - margin, lon1 + margin];
  if (lat1 - lat0 < 2 * margin) [lat0, lat1] = [lat0 - margin, lat1 + margin];
  map.fit(lon0, lat0, lon1, lat1, 60);
}

async function refreshTotals() {
  const stats = await request("totals", "stats", filterParams());
  if (stats) {
    lastTotals = stats;
    renderTotals();
  }
}

function renderTotals() {
  if (lastTotals) $("totals").textContent = t("totals", lastTotals.events, lastTotals.fatalities);
}

async function refreshTimeline() {
  // The timeline ignores the date filter so that it shows where the selection lies.
  const stats = await request("timeline", "stats", filterParams({ withDates: false }));
  if (stats) timeline.setData(stats.by_day, [state.filters.date_from, state.filters.date_to]);
}

async function refreshMap() {
  const answer = await request("clusters", "events/clusters", {
    ...filterParams(),
    bbox: map.bbox(),
    zoom: map.apiZoom(),
  });
  if (!answer) return;
  map.setClusters(answer.clusters);
  $("map-note").textContent = answer.unlocated ? t("unlocated", answer.unlocated) : "";
}

async function refreshList() {
  const page = await request("list", "events", {
    ...filterParams(),
    bbox: listBbox(),
    sort: state.sort,
    limit: PAGE_SIZE,
    offset: state.offset,
  });
  if (page) {
    lastList = page;
    renderList();
  }
}

function placeLabel(event) {
  const local = language() === "ar" ? event.location_ar || event.location : event.location;
  const separator = language() === "ar" ? "، " : ", ";
  return [local, event.admin1, value(event.country)].filter((part) => part && part !== "—").join(separator);
}

function renderList() {
  const page = lastList;
  if (!page) return;
  const list = $("event-list");
  list.replaceChildren();
  if (!page.events.length) {
    const empty = document.createElement("li");
    empty.className = "empty";
    empty.textContent = t("no_events");
    list.append(empty);
  }
  for (const event of page.events) {
    const item = document.createElement("li");
    const row = document.createElement("button");
    row.type = "button";
    row.className = "event-row";
    row.dataset.id = event.id;
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.style.background = typeColor(event.event_type);
    badge.textContent = value(event.event_type);
    const date = document.createElement("span");
    date.className = "date";
    date.textContent = event.event_date ?? "—";
    const place = document.createElement("span");
    place.className = "place";
    place.textContent = placeLabel(event) || "—";
    const actors = document.createElement("span");
    actors.className = "actors";
    actors.textContent = [event.actor1, event.actor2].filter(Boolean).join(" ↔ ");
    const numbers = document.createElement("span");
    numbers.className = "numbers";
    numbers.textContent = `${t("field_fatalities")}: ${fmt(event.fatalities)} · ${t("field_sources")}: ${fmt(event.sources)}`;
    row.append(badge, date, place, actors, numbers);
    row.addEventListener("click", () => openEvent(event.id));
    item.append(row);
    list.append(item);
  }
  const first = page.total ? page.offset + 1 : 0;
  const last = page.offset + page.events.length;
  $("page-info").textContent = t("page", first, last, page.total);
  $("page-prev").disabled = page.offset === 0;
  $("page-next").disabled = last >= page.total;
}

function updateExportLinks() {
  for (const link of document.querySelectorAll("[data-export]")) {
    link.href = exportUrl(link.dataset.export, filterParams());
  }
}

// ------------------------------------------------------------------ event view

async function openEvent(id) {
  const event = await request("event", `events/${pathPart(id)}`, {});
  if (!event) return;
  state.eventId = id;
  state.reportIndex = 0;
  state.field = null;
  lastEvent = event;
  writeHash();
  $("list-panel").hidden = true;
  $("event-view").hidden = false;
  map.setHighlight(event.longitude != null && event.latitude != null ? [event.longitude, event.latitude] : null);
  renderEvent();
  await loadArticle();
}

function closeEvent() {
  state.eventId = null;
  lastEvent = null;
  lastArticle = null;
  writeHash();
  $("event-view").hidden = true;
  $("list-panel").hidden = false;
  map.setHighlight(null);
}

function fieldValue(event, name) {
  const raw = event[name];
  switch (name) {
    case "event_type":
    case "sub_event_type":
    case "country":
      return value(raw);
    case "event_date":
      return `${raw ?? "—"} (${t("precision_time")[event.time_precision] ?? ""})`;
    case "location": {
      const both = [event.location, event.location_ar].filter(Boolean).join(" · ");
      return `${both || "—"}${event.geo_precision ? ` (${t("precision_geo")[event.geo_precision] ?? ""})` : ""}`;
    }
    case "fatalities": {
      const range =
        event.fatalities_low != null && event.fatalities_low !== event.fatalities_high
          ? ` (${t("fatalities_range", event.fatalities_low, event.fatalities_high)})`
          : "";
      return `${fmt(raw)}${range}`;
    }
    case "injured":
      return raw == null ? "—" : fmt(raw);
    default:
      return raw == null || raw === "" ? "—" : String(raw);
  }
}

function currentReport() {
  return lastEvent?.reports?.[state.reportIndex] ?? null;
}

function renderEvent() {
  const event = lastEvent;
  if (!event) return;
  $("event-title").textContent = `${value(event.event_type)} — ${value(event.sub_event_type)}`;
  $("event-subtitle").textContent = [event.event_date, placeLabel(event)].filter(Boolean).join(" · ");
  const report = currentReport();
  const body = $("event-fields");
  body.replaceChildren();
  for (const name of FIELDS) {
    const row = document.createElement("tr");
    row.className = "field-row";
    row.dataset.field = name;
    const hasSpan = Boolean(report?.spans?.[name]);
    const label = document.createElement("th");
    label.scope = "row";
    const button = document.createElement("button");
    button.type = "button";
    button.className = `field-button field-${name}`;
    button.textContent = t(`field_${name}`);
    button.disabled = !hasSpan;
    button.title = hasSpan ? report.spans[name].text : t("no_span");
    button.setAttribute("aria-pressed", String(state.field === name));
    button.addEventListener("click", () => selectField(state.field === name ? null : name));
    label.append(button);
    const cell = document.createElement("td");
    cell.textContent = fieldValue(event, name);
    if (name === "evidence" || name === "location") cell.dir = "auto";
    row.append(label, cell);
    body.append(row);
  }
  renderSources();
}

function renderSources() {
  const list = $("event-sources");
  list.replaceChildren();
  lastEvent.reports.forEach((report, index) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "source-button";
    button.setAttribute("aria-pressed", String(index === state.reportIndex));
    // <bdi>: an Arabic outlet name must not reorder the date and numbers around it.
    const outlet = document.createElement("bdi");
    outlet.textContent = report.outlet || report.article_id;
    button.append(outlet, ` · ${report.published ?? "—"} · ${t("field_fatalities")}: ${fmt(report.fatalities)}`);
    button.addEventListener("click", async () => {
      state.reportIndex = index;
      renderEvent();
      await loadArticle();
    });
    item.append(button);
    if (report.url) {
      const link = document.createElement("a");
      link.href = report.url;
      link.textContent = t("open_source");
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      item.append(" ", link);
    }
    list.append(item);
  });
}

async function loadArticle() {
  const report = currentReport();
  if (!report) return;
  $("article-text").textContent = t("loading");
  const article = await request("article", `articles/${pathPart(report.article_id)}`, {});
  if (!article || currentReport() !== report) return;
  lastArticle = article;
  renderMarked($("article-title"), article.title, spansInto(report.spans, "title", article.title));
  renderMarked($("article-text"), article.text, spansInto(report.spans, "text", article.text));
  const published = document.createElement("bdi");
  published.dir = "ltr";
  published.textContent = article.published ?? "";
  $("article-meta").replaceChildren(article.outlet, article.published ? " · " : "", published);
  if (state.field) emphasise($("article"), state.field);
}

function selectField(name) {
  state.field = name;
  for (const button of document.querySelectorAll(".field-button")) {
    button.setAttribute("aria-pressed", String(button.closest("tr").dataset.field === name));
  }
  emphasise($("article"), name);
}

// ------------------------------------------------------------------ start

function rerenderLanguage() {
  renderOptions();
  renderTotals();
  renderList();
  if (lastEvent) {
    renderEvent();
    if (state.field) emphasise($("article"), state.field);
  }
  timeline.draw();
  map.redraw();
}

function bindControls() {
  const form = $("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    formToState();
    state.offset = 0;
    setPlace(null);
    refreshAll();
    fitToResults();
  });
  form.addEventListener("reset", () => {
    // After the browser has cleared the fields.
    setTimeout(() => {
      formToState();
      state.offset = 0;
      setPlace(null);
      map.home();
      refreshAll();
    });
  });
  for (const name of ["country", "type", "in_view"]) {
    form.elements[name].addEventListener("change", () => form.requestSubmit());
  }
  $("sort").addEventListener("change", (event) => {
    state.sort = event.target.value;
    state.offset = 0;
    writeHash();
    refreshList();
  });
  $("page-prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    refreshList();
  });
  $("page-next").addEventListener("click", () => {
    state.offset += PAGE_SIZE;
    refreshList();
  });
  $("event-close").addEventListener("click", closeEvent);
  $("place-clear").addEventListener("click", () => {
    setPlace(null);
    state.offset = 0;
    refreshList();
  });
  $("zoom-in").addEventListener("click", () => map.zoomBy(2));
  $("zoom-out").addEventListener("click", () => map.zoomBy(0.5));
  $("zoom-reset").addEventListener("click", () => map.home());
  $("lang-toggle").addEventListener("click", () => {
    setLanguage(language() === "ar" ? "en" : "ar");
    rerenderLanguage();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.eventId) closeEvent();
  });
}

function start() {
  setLanguage(savedLanguage());
  readHash();
  stateToForm();
  map = new EventMap($("map"), {
    tooltip: $("map-tooltip"),
    countryName: (name) => value(name),
    describe: (cluster) =>
      cluster.count === 1 ? t("single", cluster.fatalities) : t("cluster", cluster.count, cluster.fatalities),
    onViewChange: () => {
      refreshMap();
      if (state.inView && !state.place) {
        state.offset = 0;
        refreshList();
      }
    },
    onOpenEvent: openEvent,
    onPickPlace: (cluster) => {
      setPlace(cluster.bbox.join(","));
      state.offset = 0;
      closeEvent();
      refreshList();
    },
  });
  timeline = new Timeline($("timeline"), {
    onRange: (from, to) => {
      state.filters.date_from = from;
      state.filters.date_to = to;
      state.offset = 0;
      stateToForm();
      refreshAll();
    },
  });
  bindControls();
  map.loadBasemap("basemap.json");
  loadOptions();
  refreshAll();
  if (state.eventId) openEvent(state.eventId);
  document.body.dataset.ready = "true";
}

start();
