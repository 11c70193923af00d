package limber.api;

import java.util.List;
import java.util.Map;

/** RFC 4180 CSV from query rows; the first row's columns make the header. */
final class Csv {
    private Csv() {
    }

    static String of(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", rows.get(0).keySet())).append("\r\n");
        for (Map<String, Object> row : rows) {
            boolean first = true;
            for (Object v : row.values()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(cell(v));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        // a leading = + - @ would run as a formula in a spreadsheet
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?")) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
