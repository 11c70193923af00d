package limber.protocol;

/** Result of parsing untrusted input: a value, or a rejection with a reason and a short detail. */
public sealed interface Parsed<T> {

    record Ok<T>(T value) implements Parsed<T> {
    }

    record Rejected<T>(Rejection reason, String detail) implements Parsed<T> {
    }

    static <T> Parsed<T> reject(Rejection reason, String detail) {
        return new Rejected<>(reason, detail);
    }
}
