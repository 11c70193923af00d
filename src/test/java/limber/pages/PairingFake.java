package limber.pages;

import java.util.Random;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

/**
 * A pairing code for a page without the engine's pairing API: Playwright answers the page's {@code POST
 * /api/pairing} with one {@code code} event (the stream then ends, and the page asks again a second later
 * and gets the same code, so what it shows stays put) and the QR image with a stand-in: a QR-like pattern
 * drawn from the code (finder squares and pseudo-random modules), for layout and screenshots only. The
 * end-to-end pairing test ({@link PairingFlowIT}) uses the engine's own.
 */
final class PairingFake {
    private PairingFake() {
    }

    /** Routes the page's pairing requests to a fake stream offering {@code code}. Call before navigating. */
    static void offer(Page page, String code) {
        String event = "event: code\ndata: {\"code\":\"" + code + "\",\"expiresAt\":" + (System.currentTimeMillis() + 600_000)
                + ",\"approveUrl\":\"/trainer/?pair=" + code + "\"}\n\n";
        page.route("**/api/pairing", route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setContentType("text/event-stream").setBody(": keep-alive\n\n" + event)));
        page.route("**/api/pairing/*/qr.svg", route -> route.fulfill(new Route.FulfillOptions().setStatus(200)
                .setContentType("image/svg+xml").setBody(qrLike(code))));
    }

    /** A 25x25-module QR look-alike (not a readable QR code). */
    static String qrLike(String seed) {
        int n = 25;
        boolean[][] m = new boolean[n][n];
        Random random = new Random(seed.hashCode());
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                m[y][x] = random.nextBoolean();
            }
        }
        for (int[] corner : new int[][] {{0, 0}, {n - 7, 0}, {0, n - 7}}) {
            for (int y = -1; y <= 7; y++) {
                for (int x = -1; x <= 7; x++) {
                    int cx = corner[0] + x;
                    int cy = corner[1] + y;
                    if (cx < 0 || cy < 0 || cx >= n || cy >= n) {
                        continue;
                    }
                    int d = Math.max(Math.abs(x - 3), Math.abs(y - 3));
                    m[cy][cx] = d != 2 && d != 4;
                }
            }
        }
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-2 -2 " + (n + 4) + " "
                + (n + 4) + "\" shape-rendering=\"crispEdges\"><rect x=\"-2\" y=\"-2\" width=\"" + (n + 4) + "\" height=\""
                + (n + 4) + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (m[y][x]) {
                    svg.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return svg.append("\"/></svg>").toString();
    }
}
