// Small behaviours for server-rendered pages; no inline scripts (the CSP forbids them).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.matches("[data-autosubmit]")) {
    target.form.submit();
  }
  if (target && target.matches("[data-navigate]")) {
    window.location.href = target.value;
  }
});
// A form with data-confirm asks before it is sent (e.g. removing someone from the roll, casting a ballot).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form && form.matches("[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
// A ballot form with data-max-choices refuses a tick beyond the allowed number (the server checks too).
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box || !box.matches("[data-max-choices] input[type=checkbox]")) {
    return;
  }
  var form = box.closest("[data-max-choices]");
  var max = parseInt(form.getAttribute("data-max-choices"), 10);
  if (form.querySelectorAll("input[type=checkbox]:checked").length > max) {
    box.checked = false;
    var note = form.querySelector("[data-max-note]");
    if (note) {
      note.classList.remove("d-none");
    }
  }
});
// On a phone the block year's tabs scroll sideways: bring the active one into view.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".nav-tabs.overflow-auto .nav-link.active").forEach(function (tab) {
    var strip = tab.closest(".nav-tabs");
    var left = tab.offsetLeft - strip.offsetLeft;
    if (left + tab.offsetWidth > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = left + tab.offsetWidth - strip.clientWidth;
    }
  });
});
