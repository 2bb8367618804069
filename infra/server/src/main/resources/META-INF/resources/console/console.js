// Conserver console: the only script. Places timeline markers and reloads an erase request's page
// until it is done. Pages work without it.
"use strict";
document.querySelectorAll(".timeline-bar .marker[data-percent]").forEach((marker) => {
  const percent = Number(marker.dataset.percent);
  if (Number.isFinite(percent)) {
    marker.style.left = `calc(${Math.min(100, Math.max(0, percent))}% - 2px)`;
  }
});
const refresh = document.querySelector("[data-refresh]");
if (refresh) {
  setTimeout(() => window.location.reload(), Number(refresh.dataset.refresh) * 1000);
}
