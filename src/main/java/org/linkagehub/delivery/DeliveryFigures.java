package org.linkagehub.delivery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The per-department, per-day signing figures behind the scorecards (migration V14): a trigger on
 * {@code delivery} appends changes, and a fold moves them into their buckets. Scorecards fold before they read;
 * the route {@code delivery-figures-fold} folds every minute as well, so the first scorecard after a quiet spell
 * does not pay for hours of changes.
 */
@Component
public class DeliveryFigures {

    private final JdbcTemplate jdbc;

    public DeliveryFigures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Folds the pending changes; returns how many were folded, or -1 when another fold was running. */
    public long fold() {
        Long moved = jdbc.queryForObject("select fold_delivery_figures()", Long.class);
        return moved == null ? 0 : moved;
    }
}
