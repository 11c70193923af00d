package limber.store;

import java.util.List;

/** One page of a {@link HistoryQuery}: column names, rows, and the query for the next page (null: done). */
public record HistoryPage(List<String> columns, List<List<Object>> rows, HistoryQuery next) {
}
