package io.lightcloud.loadtest.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's results as JMeter's aggregate report in CSV, as a self-contained HTML page, and side by side with another. */
final class ReportFormats {
    private static final String[] COLUMNS = {"label", "samples", "average_ms", "median_ms", "p90_ms", "p95_ms",
        "p99_ms", "min_ms", "max_ms", "error_percent", "throughput_per_second", "received_kb_per_second",
        "sent_kb_per_second"};
    private static final String[] HEADERS = {"Label", "# Samples", "Average", "Median", "90% Line", "95% Line",
        "99% Line", "Min", "Max", "Error %", "Throughput", "Received KB/sec", "Sent KB/sec"};

    private ReportFormats() {
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> results) {
        List<Map<String, Object>> rows = new ArrayList<>(
                (List<Map<String, Object>>) results.getOrDefault("labels", List.of()));
        Object summary = results.get("summary");
        if (summary != null) {
            rows.add((Map<String, Object>) summary);
        }
        return rows;
    }

    static String csv(Map<String, Object> results) {
        StringBuilder out = new StringBuilder(String.join(",", HEADERS)).append('\n');
        for (Map<String, Object> row : rows(results)) {
            List<String> cells = new ArrayList<>();
            for (String column : COLUMNS) {
                Object value = row.getOrDefault(column, "");
                cells.add(column.equals("label") ? csvText(String.valueOf(value)) : String.valueOf(value));
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    private static String csvText(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> run, Map<String, Object> results) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Load test ")
                .append(escape(run.get("id"))).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.bad{color:#c00}.good{color:#080}"
                        + "</style></head><body>");
        out.append("<h1>").append(escape(run.get("plan_name"))).append(" — run ").append(escape(run.get("id")))
                .append("</h1><p>Status: <b>").append(escape(run.get("status"))).append("</b> ")
                .append(escape(run.get("message"))).append("</p>");
        out.append("<h2>Aggregate report</h2><table><tr>");
        for (String header : HEADERS) {
            out.append("<th>").append(escape(header)).append("</th>");
        }
        out.append("</tr>");
        for (Map<String, Object> row : rows(results)) {
            out.append("<tr>");
            for (String column : COLUMNS) {
                out.append("<td>").append(escape(row.getOrDefault(column, ""))).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</table><h2>Thresholds</h2><ul>");
        for (Map<String, Object> verdict : (List<Map<String, Object>>) results.getOrDefault("thresholds",
                List.of())) {
            boolean passed = Boolean.TRUE.equals(verdict.get("passed"));
            out.append("<li class=\"").append(passed ? "good" : "bad").append("\">")
                    .append(escape(verdict.get("threshold"))).append(": actual ").append(escape(verdict.get("actual")))
                    .append(passed ? " — passed" : " — failed").append("</li>");
        }
        out.append("</ul><h2>Errors</h2><table><tr><th>Label</th><th>Status or assertion</th><th>Count</th></tr>");
        for (Map<String, Object> row : (List<Map<String, Object>>) results.getOrDefault("labels", List.of())) {
            Map<String, Object> problems = new LinkedHashMap<>();
            ((Map<String, Object>) row.getOrDefault("statuses", Map.of())).forEach((status, count) -> {
                if (!status.startsWith("2") && !status.startsWith("3") && !status.equals("ok")) {
                    problems.put("status " + status, count);
                }
            });
            ((Map<String, Object>) row.getOrDefault("assertion_failures", Map.of()))
                    .forEach((name, count) -> problems.put("assertion " + name, count));
            problems.forEach((what, count) -> out.append("<tr><td>").append(escape(row.get("label")))
                    .append("</td><td>").append(escape(what)).append("</td><td>").append(escape(count))
                    .append("</td></tr>"));
        }
        out.append("</table><h2>Timeline</h2>").append(svgChart((List<Map<String, Object>>) results
                .getOrDefault("timeline", List.of())));
        out.append("<h2>Events</h2><ul>");
        for (Object event : (List<Object>) run.getOrDefault("events", List.of())) {
            out.append("<li>").append(escape(event)).append("</li>");
        }
        return out.append("</ul></body></html>").toString();
    }

    /** Requests per second and p95 over time, as inline SVG so the downloaded page needs nothing else. */
    private static String svgChart(List<Map<String, Object>> timeline) {
        if (timeline.isEmpty()) {
            return "<p>No samples.</p>";
        }
        double maxRate = 1;
        double maxP95 = 1;
        for (Map<String, Object> p : timeline) {
            maxRate = Math.max(maxRate, ((Number) p.get("rate")).doubleValue());
            maxP95 = Math.max(maxP95, ((Number) p.get("p95_ms")).doubleValue());
        }
        int width = 800;
        int height = 200;
        StringBuilder rate = new StringBuilder();
        StringBuilder p95 = new StringBuilder();
        for (int i = 0; i < timeline.size(); i++) {
            double x = timeline.size() == 1 ? 0 : (double) i * width / (timeline.size() - 1);
            rate.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, height
                    - ((Number) timeline.get(i).get("rate")).doubleValue() / maxRate * height));
            p95.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, height
                    - ((Number) timeline.get(i).get("p95_ms")).doubleValue() / maxP95 * height));
        }
        return "<svg width=\"" + width + "\" height=\"" + (height + 20) + "\"><polyline fill=\"none\" stroke=\"#36c\" "
                + "points=\"" + rate + "\"/><polyline fill=\"none\" stroke=\"#c63\" points=\"" + p95 + "\"/>"
                + "<text x=\"0\" y=\"" + (height + 15) + "\" font-size=\"12\">blue: requests/s (max "
                + Reports.round(maxRate) + "), orange: p95 ms (max " + Reports.round(maxP95) + ")</text></svg>";
    }

    private static String escape(Object value) {
        return String.valueOf(value == null ? "" : value).replace("&", "&amp;").replace("<", "&lt;")
                .replace(">", "&gt;").replace("\"", "&quot;");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compare(Map<String, Object> runA, Map<String, Object> a, Map<String, Object> runB,
            Map<String, Object> b) {
        Map<String, Map<String, Object>> byLabelA = new LinkedHashMap<>();
        Map<String, Map<String, Object>> byLabelB = new LinkedHashMap<>();
        rows(a).forEach(row -> byLabelA.put(String.valueOf(row.get("label")), row));
        rows(b).forEach(row -> byLabelB.put(String.valueOf(row.get("label")), row));
        List<Map<String, Object>> labels = new ArrayList<>();
        java.util.Set<String> all = new java.util.LinkedHashSet<>(byLabelA.keySet());
        all.addAll(byLabelB.keySet());
        for (String label : all) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", label);
            for (String column : COLUMNS) {
                if (column.equals("label")) {
                    continue;
                }
                Object va = byLabelA.getOrDefault(label, Map.of()).get(column);
                Object vb = byLabelB.getOrDefault(label, Map.of()).get(column);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("a", va);
                cell.put("b", vb);
                if (va instanceof Number na && vb instanceof Number nb && na.doubleValue() != 0) {
                    cell.put("change_percent", Reports.round(100 * (nb.doubleValue() - na.doubleValue())
                            / na.doubleValue()));
                }
                row.put(column, cell);
            }
            labels.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("a", runA);
        out.put("b", runB);
        out.put("labels", labels);
        return out;
    }
}
