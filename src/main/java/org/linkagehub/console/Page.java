package org.linkagehub.console;

import java.util.List;

/** One page of a longer list; {@code page} counts from 0. */
record Page<T>(List<T> items, long total, int page, int size) {

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
