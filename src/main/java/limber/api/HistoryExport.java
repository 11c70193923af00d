package limber.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import limber.store.HistoryPage;
import limber.store.HistoryQuery;
import limber.store.Journal;

/**
 * Sends one history read as JSON ({@code {"<name>": [rows]}}) or CSV (a header, then one line per
 * row; nothing when there are no rows). Pages are read and encoded on the history thread; the event
 * loop only hands each encoded page to the socket, and the next page is read while one is written,
 * so an export of any size holds no event loop up for long. Response bodies are as they were when
 * everything was encoded at once, sent chunked when there is more than one page.
 */
final class HistoryExport {
    static final int PAGE_ROWS = 1000;

    /** One page on the wire, and the query for the page after it (null: this was the last). */
    private record Encoded(Buffer bytes, HistoryQuery next) {
    }

    private final RoutingContext ctx;
    private final Journal journal;
    private final String name;
    private final boolean csv;
    /** Rows encoded so far and whether the JSON has begun; touched by one page read after the other. */
    private long rows;
    private boolean opened;
    private boolean started;

    private HistoryExport(RoutingContext ctx, Journal journal, String name) {
        this.ctx = ctx;
        this.journal = journal;
        this.name = name;
        this.csv = "csv".equals(ctx.queryParams().get("format"));
    }

    /** Answers {@code ctx} with every row of {@code query}, as {@code name}. */
    static void send(RoutingContext ctx, Journal journal, HistoryQuery query, String name) {
        HistoryExport export = new HistoryExport(ctx, journal, name);
        export.read(query).onComplete(export::page);
    }

    private Future<Encoded> read(HistoryQuery q) {
        return journal.read(() -> encode(journal.store().history(q, PAGE_ROWS)));
    }

    /** On the event loop: sends a page that has been read and encoded, and reads the next meanwhile. */
    private void page(AsyncResult<Encoded> ar) {
        HttpServerResponse response = ctx.response();
        if (ar.failed()) {
            if (started) {
                response.reset(); // part of the body is out: the client must see it broken off, not complete
            } else {
                ApiError.send(ctx, 503, "store_unavailable", ar.cause().getMessage());
            }
            return;
        }
        if (response.closed()) {
            return; // the client went away
        }
        Encoded e = ar.result();
        if (!started) {
            started = true;
            if (csv) {
                response.putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"limber-" + name + ".csv\"");
            } else {
                response.putHeader("content-type", "application/json");
            }
            response.setChunked(e.next() != null);
        }
        if (e.next() == null) {
            response.end(e.bytes());
            return;
        }
        Future<Void> written = response.write(e.bytes());
        Future<Encoded> next = read(e.next());
        written.compose(v -> next).onComplete(this::page);
    }

    /** On the history thread: one page as it goes on the wire. */
    private Encoded encode(HistoryPage page) {
        Buffer out = Buffer.buffer(64 + page.rows().size() * 200);
        if (!csv && !opened) {
            out.appendString("{\"" + name + "\":[");
        }
        opened = true;
        for (List<Object> values : page.rows()) {
            if (csv) {
                out.appendString(rows == 0 ? Csv.line(page.columns()) : "").appendString(Csv.line(values));
            } else {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 0; c < values.size(); c++) {
                    row.put(page.columns().get(c), values.get(c));
                }
                out.appendString(rows == 0 ? "" : ",").appendString(new JsonObject(row).encode());
            }
            rows++;
        }
        if (!csv && page.next() == null) {
            out.appendString("]}");
        }
        return new Encoded(out, page.next());
    }
}
