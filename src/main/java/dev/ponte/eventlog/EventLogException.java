package dev.ponte.eventlog;

/** The event log's database failed; the console answers 503. */
public class EventLogException extends RuntimeException {

    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * What to log of a database failure: the innermost cause's class, and its SQL state for a SQL error. Never the
     * driver's message, which for a refused row may quote the row's values (e-mails, documents).
     */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        java.sql.SQLException sql = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof java.sql.SQLException e && sql == null) {
                sql = e;
            }
        }
        if (sql != null) {
            return sql.getClass().getSimpleName() + " (SQL state " + sql.getSQLState() + ")"
                    + (root != sql && !(root instanceof java.sql.SQLException) ? ": " + root.getClass().getSimpleName() : "");
        }
        return root.getClass().getSimpleName();
    }
}
