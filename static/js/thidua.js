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
