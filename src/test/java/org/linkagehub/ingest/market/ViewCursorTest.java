package org.linkagehub.ingest.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

class ViewCursorTest {

    @Test
    void aStoredPositionReadsBackExactlyFractionsIncluded() {
        ViewCursor cursor = new ViewCursor(LocalDateTime.parse("2026-11-27T08:30:00.123456"), 10231);
        assertThat(ViewCursor.parse(cursor.position())).isEqualTo(cursor);
        assertThat(cursor.after()).isEqualTo("SJC>2026-11-27T08:30:00.123456,ID>10231");
    }

    @Test
    void withoutACursorTheStartPointItselfIsIncluded() {
        LocalDateTime cutOver = LocalDateTime.parse("2026-11-01T00:00:00");
        assertThat(ViewCursor.start(cutOver)).isEqualTo(new ViewCursor(cutOver, Long.MIN_VALUE));
        assertThat(ViewCursor.start(cutOver).after()).isEqualTo("SJC>=2026-11-01T00:00");
        assertThat(ViewCursor.start(null).sjc()).isEqualTo(ViewCursor.BEGINNING);
    }

    @Test
    void aDamagedPositionNamesItself() {
        assertThatThrownBy(() -> ViewCursor.parse("SJC=yesterday,ID=1")).hasMessageContaining("SJC=yesterday,ID=1");
        assertThatThrownBy(() -> ViewCursor.parse("10231")).hasMessageContaining("is not SJC=");
    }
}
