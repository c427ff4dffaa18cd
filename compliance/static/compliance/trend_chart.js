/* The scorecard's trend: days from DO issue to full payment, median and 90th percentile, by season. */
(function () {
  var source = document.getElementById("trend-chart-data");
  var canvas = document.getElementById("trend-chart");
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.median_label, data: data.median, borderColor: "#2f7d32", backgroundColor: "#2f7d32" },
        { label: data.p90_label, data: data.p90, borderColor: "#e65100", backgroundColor: "#e65100", borderDash: [6, 4] }
      ]
    },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true } } }
  });
})();
