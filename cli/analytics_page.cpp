#include "analytics_page.h"

#include <algorithm>
#include <cstdio>

#include "kestrel/search_json.h"

namespace kestrel::cli {
namespace {

constexpr double kChartWidth = 720, kChartHeight = 180, kAxis = 56;  // room for "100.0%"

std::string escaped(std::string_view text) {
  std::string out;
  append_html_escaped(text, out);
  return out;
}

std::string number(double value, int decimals = 0) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

double rate(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0 : 100.0 * double(part) / double(whole);
}

// A bar per day, scaled to the largest; the title and description name what it shows, for
// screen readers (the table below has the figures).
std::string bar_chart(const std::vector<DayStat>& days, const std::string& id,
                      const std::string& title, double (*value)(const DayStat&),
                      const std::string& unit) {
  double top = 0;
  for (const DayStat& d : days) top = std::max(top, value(d));
  if (top <= 0) top = 1;
  double slot = (kChartWidth - kAxis) / double(std::max<size_t>(days.size(), 1));
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + number(kChartWidth) + " " +
                    number(kChartHeight + 24) + "\" role=\"img\" aria-labelledby=\"" + id +
                    "-title\"><title id=\"" + id + "-title\">" + escaped(title) + "</title>";
  svg += "<line x1=\"" + number(kAxis) + "\" y1=\"" + number(kChartHeight) + "\" x2=\"" +
         number(kChartWidth) + "\" y2=\"" + number(kChartHeight) + "\" class=\"axis\"/>";
  svg += "<text x=\"" + number(kAxis - 6) + "\" y=\"12\" text-anchor=\"end\">" +
         number(top, unit == "%" ? 1 : 0) + unit + "</text>";
  svg += "<text x=\"" + number(kAxis - 6) + "\" y=\"" + number(kChartHeight) +
         "\" text-anchor=\"end\">0</text>";
  for (size_t i = 0; i < days.size(); ++i) {
    double height = value(days[i]) / top * (kChartHeight - 16);
    svg += "<rect x=\"" + number(kAxis + double(i) * slot + slot * 0.15, 1) + "\" y=\"" +
           number(kChartHeight - height, 1) + "\" width=\"" + number(slot * 0.7, 1) +
           "\" height=\"" + number(height, 1) + "\"><title>" + escaped(days[i].day) + ": " +
           number(value(days[i]), unit == "%" ? 1 : 0) + unit + "</title></rect>";
  }
  if (!days.empty()) {
    svg += "<text x=\"" + number(kAxis) + "\" y=\"" + number(kChartHeight + 18) + "\">" +
           escaped(days.front().day) + "</text>";
    svg += "<text x=\"" + number(kChartWidth) + "\" y=\"" + number(kChartHeight + 18) +
           "\" text-anchor=\"end\">" + escaped(days.back().day) + "</text>";
  }
  return svg + "</svg>";
}

std::string query_table(const std::vector<QueryStat>& stats, const std::string& caption) {
  if (stats.empty()) return "<p>None yet.</p>";
  std::string out = "<table><caption>" + escaped(caption) +
                    "</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">query</th>"
                    "<th scope=\"col\">searches</th><th scope=\"col\">found nothing</th></tr>"
                    "</thead><tbody>";
  unsigned n = 0;
  for (const QueryStat& s : stats) {
    out += "<tr><td>" + std::to_string(++n) + "</td><td>" + escaped(s.query) + "</td><td>" +
           std::to_string(s.searches) + "</td><td>" + std::to_string(s.no_results) + "</td></tr>";
  }
  return out + "</tbody></table>";
}

std::string help_section(const std::vector<NoResultHelp>& help) {
  if (help.empty()) return "";
  std::string out =
      "<h2>What the queries that found nothing come nearest</h2><p>For each, the taxonomy names "
      "(a condition, route or source, or one of its aliases) and the articles nearest it. A name "
      "that is near but not the same may want the query as an alias in "
      "<code>corpus/taxonomy.yaml</code>; no near article may mean the library lacks one.</p>";
  out +=
      "<table><thead><tr><th scope=\"col\">query</th><th scope=\"col\">nearest taxonomy "
      "names</th><th scope=\"col\">nearest articles</th></tr></thead><tbody>";
  for (const NoResultHelp& h : help) {
    out += "<tr><td>" + escaped(h.query) + "</td><td>";
    if (h.names.empty()) out += "none near";
    for (const NearName& n : h.names) {
      out += "<div>" + escaped(n.name);
      if (n.name != n.value) out += " (an alias of " + escaped(n.value) + ")";
      out += " <span class=\"muted\">" + std::string(facet_name(n.facet)) + ", " +
             number(n.similarity * 100) + "% alike</span></div>";
    }
    out += "</td><td>";
    if (h.articles.empty()) out += "none near";
    for (const Hit& a : h.articles) out += "<div>" + escaped(a.title) + "</div>";
    out += "</td></tr>";
  }
  return out + "</tbody></table>";
}

constexpr const char* kStyle =
    "body{font:15px/1.5 system-ui,sans-serif;color:#1d2b2a;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}"
    ".summary{font-size:1.05rem}.chart{width:100%;height:auto;max-width:45rem}"
    ".chart rect{fill:#1f5f5b}.chart text{font-size:12px;fill:#5b6b69}.chart .axis{stroke:#5b6b69}"
    "table{border-collapse:collapse;margin:.5rem 0;width:100%}caption{text-align:left;"
    "font-weight:600;padding:.25rem 0}th,td{border-bottom:1px solid #d9e2e0;padding:.3rem .5rem;"
    "text-align:left;vertical-align:top}.muted{color:#5b6b69;font-size:.9em}"
    "@media (prefers-color-scheme:dark){body{background:#0f1615;color:#e4ecea}"
    ".chart rect{fill:#7fd1c7}.chart "
    "text,.muted{fill:#a7b6b3;color:#a7b6b3}th,td{border-color:#34423f}}";

}  // namespace

std::string analytics_page(const AnalyticsReport& report, unsigned min_searches,
                           const std::vector<NoResultHelp>& help, const std::string& generated) {
  std::string out =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>What visitors look for</title>"
      "<style>";
  out += kStyle;
  out += "</style></head><body><main><h1>What visitors look for</h1>";
  if (report.searches == 0) {
    out += "<p class=\"summary\">No searches counted in this period.</p>";
  } else {
    out += "<p class=\"summary\">From " + escaped(report.first_day) + " to " +
           escaped(report.last_day) + ": " + std::to_string(report.searches) + " searches, " +
           std::to_string(report.no_results) + " of which found nothing (" +
           number(rate(report.no_results, report.searches), 1) + "%).</p>";
  }
  out += "<h2>Searches per day</h2>";
  out += bar_chart(
      report.days, "searches", "Searches per day",
      [](const DayStat& d) { return double(d.searches); }, "");
  out += "<h2>Share of searches that found nothing, per day</h2>";
  out += bar_chart(
      report.days, "no-results", "Share of searches that found nothing, per day",
      [](const DayStat& d) { return rate(d.no_results, d.searches); }, "%");
  out +=
      "<details><summary>The figures of both charts</summary><table><thead><tr>"
      "<th scope=\"col\">day</th><th scope=\"col\">searches</th><th scope=\"col\">found "
      "nothing</th></tr></thead><tbody>";
  for (const DayStat& d : report.days) {
    out += "<tr><td>" + escaped(d.day) + "</td><td>" + std::to_string(d.searches) + "</td><td>" +
           std::to_string(d.no_results) + " (" + number(rate(d.no_results, d.searches), 1) +
           "%)</td></tr>";
  }
  out += "</tbody></table></details>";
  out += "<h2>Most searched</h2>" + query_table(report.top, "Most searched queries");
  out += "<h2>Most often found nothing</h2>" +
         query_table(report.top_no_results, "Queries that most often found nothing");
  out += help_section(help);
  out += "<p class=\"muted\">A query is shown only once it was searched at least " +
         std::to_string(min_searches) +
         " times, so nothing typed once by one person appears. Written " + escaped(generated) +
         " by kestrel-search --analytics.</p></main></body></html>\n";
  return out;
}

}  // namespace kestrel::cli
