package io.lightcloud.compute.showback;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A showback report as RFC 4180 CSV: a header, one row per line, and a {@code total} row. */
final class ShowbackCsv {
    private ShowbackCsv() {
    }

    static String write(ShowbackReport.Report report) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(report.grouping().keyColumns());
        header.addAll(ShowbackLine.FIGURES);
        header.add("currency");
        row(csv, header);
        for (ShowbackLine line : report.lines()) {
            List<String> cells = new ArrayList<>();
            report.grouping().keyColumns().forEach(column -> cells.add(line.key().get(column)));
            line.figures().values().forEach(value -> cells.add(value.toPlainString()));
            cells.add(report.currency());
            row(csv, cells);
        }
        List<String> total = new ArrayList<>();
        total.add("total");
        for (int i = 1; i < report.grouping().keyColumns().size(); i++) {
            total.add("");
        }
        for (Map.Entry<String, BigDecimal> figure : report.totals().entrySet()) {
            total.add(figure.getValue().toPlainString());
        }
        total.add(report.currency());
        row(csv, total);
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(escape(cells.get(i)));
        }
        csv.append("\r\n");
    }

    /** Quotes a cell that needs it, and defuses cells a spreadsheet would run as a formula. */
    private static String escape(String cell) {
        if (cell == null) {
            return "";
        }
        String text = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !isNumber(cell) ? "'" + cell : cell;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static boolean isNumber(String cell) {
        try {
            new BigDecimal(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
