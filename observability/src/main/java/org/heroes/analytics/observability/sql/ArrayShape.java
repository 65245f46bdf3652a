package org.heroes.analytics.observability.sql;

/**
 * What a log line may show of a JDBC array a statement was given: its element type, as the caller named it to
 * {@code Connection.createArrayOf}, and how many elements it has, e.g. {@code uuid[]×5000}. Never an element.
 *
 * @param elementType the element type name, e.g. {@code text}
 * @param length the number of elements, or -1 for an SQL {@code NULL} array
 */
record ArrayShape(String elementType, int length) {

    @Override
    public String toString() {
        return length < 0 ? "NULL" : elementType + "[]×" + length;
    }
}
