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
        section.check{border:1px solid #e1e4ea;border-radius:8px;padding:.6rem 1rem;margin:.8rem 0}
        #checks.revealing section.check:not(.opened){overflow-anchor:none}
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
          var data = JSON.parse(document.getElementById('report-data').textContent);
          var checks = data.checks;
          var ids = ['owner', 'tag', 'source', 'status', 'search'];
          var inputs = {};
          ids.forEach(function (id) { inputs[id] = document.getElementById('filter-' + id); });
          var overview = document.getElementById('overview');
          var container = document.getElementById('checks');
          var built = Object.create(null);
          var work = [];
          var next = 0;
          var timer = 0;
          // A check's facts and chart are made when its section comes near the view (opened from the overview,
          // scrolled to, or shown by a filter).
          var observer = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
            entries.forEach(function (e) { if (e.isIntersecting) { draw(e.target); observer.unobserve(e.target); } });
          }, { rootMargin: '800px 0px' }) : null;

          function element(tag, cls, text) {
            var e = document.createElement(tag);
            if (cls) { e.className = cls; }
            if (text !== undefined) { e.textContent = text; }
            return e;
          }
          function label(status) { return status === 'none' ? 'no result' : status; }
          function badge(status) { return element('span', 'badge ' + status, label(status).toUpperCase()); }
          function mark(e, c) {
            e.dataset.check = c.name; e.dataset.owner = c.owner; e.dataset.source = c.source; e.dataset.status = c.status;
          }
          function draw(section, then) {
            if (section.drawn) { return; }
            section.drawn = true;
            var c = checks[section.index];
            var body = section.querySelector('div.body');
            body.innerHTML = c.facts;
            if (!('DecompressionStream' in window)) {
              body.appendChild(element('p', 'meta', 'This browser cannot unpack the chart (it has no DecompressionStream).'));
              return;
            }
            var text = atob(c.chart);
            var bytes = new Uint8Array(text.length);
            for (var k = 0; k < text.length; k++) { bytes[k] = text.charCodeAt(k); }
            new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (svg) {
              body.insertAdjacentHTML('beforeend', svg);
              if (then) { then(); }
            });
          }
          function row(body, i) {
            var c = checks[i];
            var tr = element('tr');
            mark(tr, c);
            var cell = element('td');
            cell.appendChild(badge(c.status));
            tr.appendChild(cell);
            var link = element('a', '', c.name);
            link.href = '#check-' + c.name;
            cell = element('td');
            cell.appendChild(link);
            tr.appendChild(cell);
            tr.appendChild(element('td', '', c.table));
            tr.appendChild(element('td', 'num', c.value));
            tr.appendChild(element('td', '', c.expected));
            tr.appendChild(element('td', '', c.since));
            tr.appendChild(element('td', '', c.last));
            body.appendChild(tr);
          }
          function group(g) {
            var body = element('tbody');
            body.dataset.group = g.owner;
            var tr = element('tr', 'owner');
            var th = element('th', '', g.owner + ' ');
            th.colSpan = 7;
            th.appendChild(element('span', 'meta', g.checks.length + ' check' + (g.checks.length === 1 ? '' : 's') + ', ' + g.failing + ' failing'));
            tr.appendChild(th);
            body.appendChild(tr);
            overview.appendChild(body);
            return body;
          }
          function section(i) {
            var c = checks[i];
            var s = element('section', 'check');
            s.id = 'check-' + c.name;
            mark(s, c);
            s.index = i;
            var title = element('h3');
            title.appendChild(badge(c.status));
            title.appendChild(document.createTextNode(' ' + c.name));
            s.appendChild(title);
            s.appendChild(element('div', 'body'));
            container.appendChild(s);
            built[c.name] = s;
            if (observer) { observer.observe(s); } else { draw(s); }
          }
          // Both sides lowered by the browser's own rules (final sigma, dotted I), once per check, at the first search.
          function lower(c) { return c.lower || (c.lower = c.search.toLowerCase()); }
          // The filters' values, read once: whether a check is shown.
          function filter() {
            var owner = inputs.owner.value, tag = inputs.tag.value, source = inputs.source.value;
            var status = inputs.status.value, term = inputs.search.value.trim().toLowerCase();
            return function (c) {
              return (!owner || c.owner === owner) && (!source || c.source === source) && (!status || c.status === status)
                && (!tag || c.tags.indexOf(tag) >= 0) && (!term || lower(c).indexOf(term) >= 0);
            };
          }
          // Runs queued steps until the deadline (or all of them), then leaves the rest for the next turn.
          // A page of up to 1,000 steps (about 500 checks) is made whole at once; a larger one its first 200 steps (the first
          // screen of the overview), and the rest after the page's load event.
          function pump(deadline) {
            timer = 0;
            var at = work.length <= 1000 ? work.length : 200;
            while (next < work.length && (deadline === undefined || next < at || performance.now() < deadline)) {
              for (var k = 0; k < 50 && next < work.length; k++) { work[next](); next++; }
            }
            if (next < work.length) { timer = setTimeout(step, 0); }
          }
          // The rest is made after the page's load event, in steps of 12 ms between which the page answers.
          function step() {
            timer = 0;
            if (document.readyState === 'complete') { pump(performance.now() + 12); } else { timer = setTimeout(step, 50); }
          }
          function finish() { if (timer) { clearTimeout(timer); } pump(); }
          function apply() {
            if (timer) { clearTimeout(timer); timer = 0; }
            var visible = filter();
            if (observer) { observer.disconnect(); }
            while (overview.tBodies.length) { overview.removeChild(overview.tBodies[0]); }
            container.textContent = '';
            built = Object.create(null);
            work = [];
            next = 0;
            var shown = 0;
            data.groups.forEach(function (g) {
              var members = g.checks.filter(function (i) { return visible(checks[i]); });
              if (!members.length) { return; }
              shown += members.length;
              var body = null;
              work.push(function () { body = group(g); });
              members.forEach(function (i) { work.push(function () { row(body, i); }); });
            });
            checks.forEach(function (c, i) { if (visible(c)) { work.push(function () { section(i); }); } });
            document.getElementById('shown').textContent = String(shown);
            pump(performance.now() + 10);
          }
          // Opening a check that is not built yet (from the overview or an address ending in #check-name) builds the rest
          // first, so the browser finds the section to scroll to.
          overview.addEventListener('click', function (e) {
            var link = e.target.closest ? e.target.closest('a[href^="#check-"]') : null;
            if (link && !built[link.getAttribute('href').slice(7)]) { finish(); }
          });
          function reveal() {
            if (location.hash.indexOf('#check-') !== 0) { return; }
            var name;
            try { name = decodeURIComponent(location.hash.slice(7)); } catch (error) { return; }
            if (!built[name]) { finish(); }
            var section = built[name];
            if (!section) { return; }
            // The sections around the one opened grow as they are drawn: while the reader has not scrolled, the browser
            // keeps the opened one in place (the others are no scroll anchor), and it is scrolled to again once its chart is in.
            var old = container.querySelector('section.opened');
            if (old) { old.classList.remove('opened'); }
            section.classList.add('opened');
            container.classList.add('revealing');
            section.scrollIntoView();
            draw(section, function () { if (container.classList.contains('revealing')) { section.scrollIntoView(); } });
          }
          window.addEventListener('hashchange', reveal);
          ['wheel', 'touchstart', 'keydown', 'mousedown'].forEach(function (type) {
            window.addEventListener(type, function () { container.classList.remove('revealing'); }, { passive: true });
          });
          ids.forEach(function (id) { inputs[id].addEventListener('input', apply); });
          apply();
          reveal();
        })();
        """;

    public static string StyleHash { get; } = Hash(Style);

    public static string ScriptHash { get; } = Hash(Script);

    /// <summary>No fetch, image, font, frame or form target beyond the page itself; only the two inline blocks run.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{StyleHash}'; script-src '{ScriptHash}'; img-src data:; base-uri 'none'; form-action 'none'";

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
