package io.lightcloud.loadgen.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A CSV data set: each iteration of a user takes the next row (shared by all users, as JMeter's "all threads"
 * sharing mode); at the end the rows start again when {@code recycle}, or the user stops (JMeter's "stop thread on
 * EOF").
 */
public record CsvDataSet(String name, List<String> variableNames, List<List<String>> rows, boolean recycle) {
    public CsvDataSet {
        requireNonNull(name, "name is null");
        variableNames = List.copyOf(variableNames);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
