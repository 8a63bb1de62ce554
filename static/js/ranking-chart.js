// Bar chart of the ranking's totals; the data comes from the page's json_script block (no inline script).
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("ranking-data").textContent);
  var canvas = document.getElementById("ranking-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ data: data.totals, backgroundColor: "#dc3545" }] },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true } },
      locale: document.documentElement.lang === "vi" ? "vi-VN" : "en-GB"
    }
  });
});
