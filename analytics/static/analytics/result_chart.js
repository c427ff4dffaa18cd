/* Charts under a result: group means with 95% intervals (t-test), odds ratios with CIs (logit). */
(function () {
  var source = document.getElementById("chart-data");
  var canvas = document.getElementById("result-chart");
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var green = "#2f7d32";
  var errorBars = {
    id: "errorBars",
    afterDatasetsDraw: function (chart) {
      var bars = chart.options.plugins.errorBars;
      if (!bars) return;
      var ctx = chart.ctx, meta = chart.getDatasetMeta(0), y = chart.scales.y, x = chart.scales.x;
      ctx.save(); ctx.strokeStyle = "#333"; ctx.lineWidth = 1.5;
      meta.data.forEach(function (bar, i) {
        var low = bars.lower[i], high = bars.upper[i];
        if (low == null || high == null) return;
        var horizontal = chart.options.indexAxis === "y";
        var a = horizontal ? x.getPixelForValue(low) : y.getPixelForValue(low);
        var b = horizontal ? x.getPixelForValue(high) : y.getPixelForValue(high);
        ctx.beginPath();
        if (horizontal) { ctx.moveTo(a, bar.y); ctx.lineTo(b, bar.y); ctx.moveTo(a, bar.y - 5); ctx.lineTo(a, bar.y + 5); ctx.moveTo(b, bar.y - 5); ctx.lineTo(b, bar.y + 5); }
        else { ctx.moveTo(bar.x, a); ctx.lineTo(bar.x, b); ctx.moveTo(bar.x - 6, a); ctx.lineTo(bar.x + 6, a); ctx.moveTo(bar.x - 6, b); ctx.lineTo(bar.x + 6, b); }
        ctx.stroke();
      });
      ctx.restore();
    }
  };
  var config;
  if (data.type === "means") {
    config = {
      type: "bar",
      data: { labels: data.labels, datasets: [{ data: data.means, backgroundColor: green }] },
      options: {
        plugins: { legend: { display: false }, errorBars: {
          lower: data.means.map(function (m, i) { return m - data.errors[i]; }),
          upper: data.means.map(function (m, i) { return m + data.errors[i]; }) } },
        maintainAspectRatio: false
      }
    };
  } else {
    config = {
      type: "bar",
      data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: green }] },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false }, errorBars: { lower: data.lower, upper: data.upper } },
        scales: { x: { type: "logarithmic", title: { display: true, text: "Exp(B)" } } },
        maintainAspectRatio: false
      }
    };
  }
  config.plugins = [errorBars];
  config.options.locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  new window.Chart(canvas, config);
})();
