using System.Security.Cryptography;
using System.Text;

namespace CustomerData.Monitors.Report;

/// <summary>
/// The report's own style and script, inline; the page's Content-Security-Policy allows these two by their hashes and
/// nothing else (no other script, no request of any kind), so the file works offline and injected markup could not run.
/// </summary>
internal static class ReportAssets
{
    public const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:0 1.5rem 2rem;color:#1d2330;background:#fff}
        h1{font-size:1.4rem;margin:1rem 0 .2rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        .meta{color:#5b6475}.counts{display:flex;gap:.6rem;margin:.8rem 0;flex-wrap:wrap}
        .count{border-radius:6px;padding:.4rem .8rem;font-weight:600;border:1px solid #d5d9e0}
        .badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;font-weight:700}
        .ok{background:#e3f6e8;color:#14672c}.warning{background:#fff3cd;color:#7a5a00}
        .critical{background:#fde2e1;color:#9b1c1c}.unknown{background:#e8e6f5;color:#463c8f}
        .none{background:#eef0f3;color:#5b6475}
        .filters{display:flex;gap:.6rem;flex-wrap:wrap;margin:1rem 0;position:sticky;top:0;background:#fff;padding:.4rem 0}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #eceef2;vertical-align:top}
        tr.owner th{background:#f5f6f8;font-size:.95rem}td.num{font-variant-numeric:tabular-nums}
        #overview{table-layout:fixed}#overview td{overflow-wrap:anywhere}.c-status{width:7.5em}.c-value{width:8em}.c-time{width:12em}
        section.check{border:1px solid #e1e4ea;border-radius:8px;padding:.6rem 1rem;margin:.8rem 0;content-visibility:auto;contain-intrinsic-size:auto 420px}
        section.check h3{margin:.2rem 0;font-size:1rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.4rem 0}
        dt{color:#5b6475}dd{margin:0}pre{background:#f5f6f8;padding:.4rem;overflow:auto;white-space:pre-wrap}
        svg.chart{width:100%;max-width:720px;height:auto}.plot{fill:#fafbfc;stroke:#e1e4ea}
        .band{fill:#2f6fdb;fill-opacity:.15;stroke:#2f6fdb;stroke-opacity:.3;stroke-width:.5;vector-effect:non-scaling-stroke}
        .series{fill:none;stroke:#2f6fdb;stroke-width:1.5;vector-effect:non-scaling-stroke}.threshold{stroke-dasharray:5 4;stroke-width:1}
        line.warning{stroke:#d49b00}line.critical{stroke:#c62828}
        circle.warning{fill:#d49b00}circle.critical{fill:#c62828}circle.unknown{fill:#6a5acd}
        .axis{font-size:10px;fill:#5b6475}[hidden]{display:none!important}
        """;

    public const string Script = """
        (function () {
          'use strict';
          var ids = ['owner', 'tag', 'source', 'status', 'search'];
          var inputs = {};
          ids.forEach(function (id) { inputs[id] = document.getElementById('filter-' + id); });
          var items = Array.prototype.slice.call(document.querySelectorAll('[data-check]'));
          var groups = Array.prototype.slice.call(document.querySelectorAll('tbody[data-group]'));
          function apply() {
            var owner = inputs.owner.value, tag = inputs.tag.value, source = inputs.source.value;
            var status = inputs.status.value, term = inputs.search.value.trim().toLowerCase();
            var shown = 0;
            items.forEach(function (el) {
              var d = el.dataset;
              var visible = (!owner || d.owner === owner) && (!source || d.source === source)
                && (!status || d.status === status) && (!tag || d.tags.split('\n').indexOf(tag) >= 0)
                && (!term || d.search.indexOf(term) >= 0);
              el.hidden = !visible;
              if (visible && el.tagName === 'TR') { shown++; }
            });
            groups.forEach(function (g) { g.hidden = !g.querySelector('tr[data-check]:not([hidden])'); });
            document.getElementById('shown').textContent = String(shown);
          }
          ids.forEach(function (id) { inputs[id].addEventListener('input', apply); });
          apply();
          // A check's facts and chart are made when its section comes near the view (opened from the overview, scrolled
          // to, or shown by a filter).
          var sections = Array.prototype.slice.call(document.querySelectorAll('section.check'));
          function draw(section) {
            var body = section.querySelector('div.body[data-html]');
            if (body) { body.innerHTML = body.getAttribute('data-html'); body.removeAttribute('data-html'); }
          }
          if (!('IntersectionObserver' in window)) { sections.forEach(draw); return; }
          var observer = new IntersectionObserver(function (entries) {
            entries.forEach(function (e) { if (e.isIntersecting) { draw(e.target); observer.unobserve(e.target); } });
          }, { rootMargin: '800px 0px' });
          sections.forEach(function (section) { observer.observe(section); });
        })();
        """;

    public static string StyleHash { get; } = Hash(Style);

    public static string ScriptHash { get; } = Hash(Script);

    /// <summary>No fetch, image, font, frame or form target beyond the page itself; only the two inline blocks run.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{StyleHash}'; script-src '{ScriptHash}'; img-src data:; base-uri 'none'; form-action 'none'";

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
