// One colour per ACLED event type, shared by the map, the legend and the event list.
// Chosen to stay distinguishable for the common forms of colour blindness.
export const TYPE_COLORS = {
  Battles: "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  Protests: "#2471a3",
  Riots: "#117a65",
};

export const OTHER_COLOR = "#555555";

export function typeColor(type) {
  return TYPE_COLORS[type] ?? OTHER_COLOR;
}
