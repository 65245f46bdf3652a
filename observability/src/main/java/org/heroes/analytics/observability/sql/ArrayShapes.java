package org.heroes.analytics.observability.sql;

import java.sql.Array;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;

/**
 * Remembers the {@link ArrayShape} of every array made by {@code Connection.createArrayOf} on a wrapped connection,
 * so that the statement log can show an array parameter's element type and length without reading the array
 * (asking pgjdbc for its element type may cost a round trip, on a connection whose transaction may have failed).
 * Weakly held: an array no statement refers to any more is forgotten here too.
 */
final class ArrayShapes implements MethodExecutionListener {

    private static final String CREATE_ARRAY_OF = "createArrayOf";

    private final Map<Array, ArrayShape> shapes = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void beforeMethod(MethodExecutionContext execution) {}

    @Override
    public void afterMethod(MethodExecutionContext execution) {
        if (execution.getResult() instanceof Array array
                && CREATE_ARRAY_OF.equals(execution.getMethod().getName())) {
            Object[] args = execution.getMethodArgs();
            int length = args[1] instanceof Object[] elements ? elements.length : -1;
            shapes.put(array, new ArrayShape(String.valueOf(args[0]), length));
        }
    }

    /** The shape {@code array} was created with, or {@code array} itself if it was not made here. */
    Object shapeOf(Array array) {
        ArrayShape shape = shapes.get(array);
        return shape == null ? array : shape;
    }
}
