// Interface labels in English and Arabic, and the Arabic names of coded values.
// Data values (event types, countries) stay English in the API, as ACLED codes
// them; only their display changes with the interface language.

const LABELS = {
  en: {
    export: "Export:",
    filters: "Filters",
    date_from: "From",
    date_to: "To",
    country: "Country",
    admin1: "Province (admin1)",
    type: "Event type",
    actor: "Actor",
    text: "Search text",
    min_sources: "Minimum sources",
    in_view: "Only events in the map view",
    apply: "Apply",
    reset: "Reset",
    any: "Any",
    timeline: "Timeline",
    timeline_hint: "Drag to choose dates; click a bar for its period.",
    events: "Events",
    sort: "Sort",
    sort_newest: "Newest first",
    sort_oldest: "Oldest first",
    sort_fatalities: "Most fatalities",
    sort_sources: "Most sources",
    place_only: "Only the events at the place picked on the map ✕",
    previous: "Previous",
    next: "Next",
    back: "← Back to the list",
    field_hint: "Click a field to highlight the words that support it.",
    sources: "Sources",
    totals: (events, fatalities) =>
      `${fmt(events)} ${events === 1 ? "event" : "events"} · ${fmt(fatalities)} ${fatalities === 1 ? "fatality" : "fatalities"}`,
    page: (first, last, total) => (total ? `${fmt(first)}–${fmt(last)} of ${fmt(total)}` : "No events"),
    no_events: "No event matches these filters.",
    unlocated: (n) => `${fmt(n)} matching events have no coordinates and are not on the map.`,
    cluster: (count, fatalities) => `${fmt(count)} events · ${fmt(fatalities)} fatalities — click to zoom`,
    single: (fatalities) => `1 event · ${fmt(fatalities)} fatalities — click to open`,
    loading: "Loading…",
    no_span: "no evidence span",
    published: "published",
    open_source: "original",
    field_event_type: "Event type",
    field_sub_event_type: "Sub-event type",
    field_event_date: "Date",
    field_country: "Country",
    field_admin1: "Province",
    field_location: "Location",
    field_actor1: "Actor 1",
    field_actor2: "Actor 2",
    field_fatalities: "Fatalities",
    field_injured: "Injured",
    field_evidence: "Evidence",
    field_sources: "Sources",
    precision_time: ["", "day stated", "day inferred", "month only"],
    precision_geo: ["", "the place itself", "near the place", "province or wider"],
    fatalities_range: (low, high) => `range ${low}–${high ?? "?"}`,
    error: "Error",
  },
  ar: {
    export: "تصدير:",
    filters: "التصفية",
    date_from: "من",
    date_to: "إلى",
    country: "الدولة",
    admin1: "المحافظة",
    type: "نوع الحدث",
    actor: "الطرف",
    text: "بحث في النص",
    min_sources: "أدنى عدد من المصادر",
    in_view: "الأحداث الظاهرة في الخريطة فقط",
    apply: "تطبيق",
    reset: "إعادة الضبط",
    any: "الكل",
    timeline: "الخط الزمني",
    timeline_hint: "اسحب لاختيار فترة؛ انقر عمودًا لاختيار فترته.",
    events: "الأحداث",
    sort: "الترتيب",
    sort_newest: "الأحدث أولًا",
    sort_oldest: "الأقدم أولًا",
    sort_fatalities: "الأكثر قتلى",
    sort_sources: "الأكثر مصادر",
    place_only: "الأحداث في المكان المختار على الخريطة فقط ✕",
    previous: "السابق",
    next: "التالي",
    back: "→ العودة إلى القائمة",
    field_hint: "انقر حقلًا لتظليل الكلمات التي تسنده في النص.",
    sources: "المصادر",
    // "label: number" sidesteps Arabic's number-dependent plural forms.
    totals: (events, fatalities) => `الأحداث: ${fmt(events)} · القتلى: ${fmt(fatalities)}`,
    page: (first, last, total) => (total ? `${fmt(first)}–${fmt(last)} من ${fmt(total)}` : "لا أحداث"),
    no_events: "لا يوجد حدث يطابق هذه المعايير.",
    unlocated: (n) => `${fmt(n)} من الأحداث المطابقة بلا إحداثيات وليست على الخريطة.`,
    cluster: (count, fatalities) => `الأحداث: ${fmt(count)} · القتلى: ${fmt(fatalities)} — انقر للتكبير`,
    single: (fatalities) => `حدث واحد · القتلى: ${fmt(fatalities)} — انقر لفتحه`,
    loading: "جارٍ التحميل…",
    no_span: "لا دليل في النص",
    published: "نُشر",
    open_source: "الأصل",
    field_event_type: "نوع الحدث",
    field_sub_event_type: "النوع الفرعي",
    field_event_date: "التاريخ",
    field_country: "الدولة",
    field_admin1: "المحافظة",
    field_location: "المكان",
    field_actor1: "الطرف الأول",
    field_actor2: "الطرف الثاني",
    field_fatalities: "القتلى",
    field_injured: "الجرحى",
    field_evidence: "الدليل",
    field_sources: "المصادر",
    precision_time: ["", "اليوم مذكور", "اليوم مستنتج", "الشهر فقط"],
    precision_geo: ["", "المكان نفسه", "قرب المكان", "المحافظة أو أوسع"],
    fatalities_range: (low, high) => `المدى ${low}–${high ?? "؟"}`,
    error: "خطأ",
  },
};

// ACLED event and sub-event types (GUIDE §2) in Arabic.
const VALUES_AR = {
  Battles: "معارك",
  "Explosions/Remote violence": "انفجارات وعنف عن بعد",
  "Violence against civilians": "عنف ضد المدنيين",
  Protests: "احتجاجات",
  Riots: "أعمال شغب",
  "Armed clash": "اشتباك مسلح",
  "Air/drone strike": "غارة جوية أو بطائرة مسيّرة",
  "Shelling/artillery/missile attack": "قصف مدفعي أو صاروخي",
  "Suicide bomb": "تفجير انتحاري",
  "Remote explosive/landmine/IED": "عبوة ناسفة أو لغم",
  Grenade: "قنبلة يدوية",
  Attack: "هجوم",
  "Abduction/forced disappearance": "خطف أو إخفاء قسري",
  "Peaceful protest": "احتجاج سلمي",
  "Protest with intervention": "احتجاج مع تدخل",
  "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
  "Violent demonstration": "تظاهرة عنيفة",
  "Mob violence": "عنف جماعي",
  "Government regains territory": "استعادة الحكومة لأرض",
  "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أرض",
  Syria: "سوريا",
  Iraq: "العراق",
  Yemen: "اليمن",
  Libya: "ليبيا",
  Egypt: "مصر",
  Palestine: "فلسطين",
  Israel: "إسرائيل",
  Lebanon: "لبنان",
  Jordan: "الأردن",
  "Saudi Arabia": "السعودية",
  Turkey: "تركيا",
  Iran: "إيران",
  Afghanistan: "أفغانستان",
  Pakistan: "باكستان",
  Somalia: "الصومال",
  Sudan: "السودان",
  "South Sudan": "جنوب السودان",
  Nigeria: "نيجيريا",
  Mali: "مالي",
  "Burkina Faso": "بوركينا فاسو",
  Niger: "النيجر",
  Chad: "تشاد",
  Tunisia: "تونس",
  Algeria: "الجزائر",
  Morocco: "المغرب",
  Kenya: "كينيا",
  Ethiopia: "إثيوبيا",
};

const NUMBER_FORMAT = { en: new Intl.NumberFormat("en"), ar: new Intl.NumberFormat("ar-EG") };

let current = "en";

export function fmt(n) {
  return NUMBER_FORMAT[current].format(n ?? 0);
}

export function language() {
  return current;
}

export function t(key, ...args) {
  const entry = LABELS[current][key] ?? LABELS.en[key] ?? key;
  return typeof entry === "function" ? entry(...args) : entry;
}

// A coded value (event type, country) as shown in the current language.
export function value(raw) {
  if (raw == null || raw === "") return "—";
  return current === "ar" ? (VALUES_AR[raw] ?? raw) : raw;
}

// Switch the interface language: labels, page direction, and the toggle's own text.
export function setLanguage(lang) {
  current = lang === "ar" ? "ar" : "en";
  const root = document.documentElement;
  root.lang = current;
  root.dir = current === "ar" ? "rtl" : "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  const toggle = document.getElementById("lang-toggle");
  toggle.textContent = current === "ar" ? "English" : "العربية";
  toggle.lang = current === "ar" ? "en" : "ar";
  try {
    localStorage.setItem("marsad-lang", current);
  } catch {
    // Storage may be disabled (private mode); the choice then lasts for this page only.
  }
}

export function savedLanguage() {
  try {
    return localStorage.getItem("marsad-lang") || "en";
  } catch {
    return "en";
  }
}
