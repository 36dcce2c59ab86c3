package io.lightcloud.loadtest.plan;

import java.util.ArrayList;
import java.util.List;

/** Splits a CSV data file into rows of fields (quotes honoured when the data set says its data is quoted). */
final class CsvRows {
    private CsvRows() {
    }

    static List<List<String>> parse(String content, String delimiter, boolean quoted) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : content.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            rows.add(quoted ? quotedFields(line, delimiter.charAt(0)) : new ArrayList<>(List.of(
                    line.split(java.util.regex.Pattern.quote(delimiter), -1))));
        }
        return rows;
    }

    private static List<String> quotedFields(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (inQuotes) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    inQuotes = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                inQuotes = true;
            } else if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
