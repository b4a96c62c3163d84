package org.linkagehub.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.linkagehub.delivery.DeliveryStatus.DELIVERED;
import static org.linkagehub.delivery.DeliveryStatus.DISPATCHED;
import static org.linkagehub.delivery.DeliveryStatus.PENDING;
import static org.linkagehub.delivery.DeliveryStatus.RETURNED;
import static org.linkagehub.delivery.DeliveryStatus.SIGNED;
import static org.linkagehub.delivery.DeliveryStatus.SUPERVISION_STARTED;

import org.junit.jupiter.api.Test;

class ReceiptTransitionsTest {

    @Test
    void signingMovesAnyUnsignedDeliveryOnce() {
        assertThat(ReceiptService.transitions(PENDING, SIGNED)).containsExactly(SIGNED);
        assertThat(ReceiptService.transitions(DISPATCHED, SIGNED)).containsExactly(SIGNED);
        assertThat(ReceiptService.transitions(DELIVERED, SIGNED)).containsExactly(SIGNED);
        assertThat(ReceiptService.transitions(SIGNED, SIGNED)).isEmpty();
        assertThat(ReceiptService.transitions(SUPERVISION_STARTED, SIGNED)).isEmpty();
    }

    @Test
    void supervisionStartedImpliesSigned() {
        assertThat(ReceiptService.transitions(DISPATCHED, SUPERVISION_STARTED)).containsExactly(SIGNED,
                SUPERVISION_STARTED);
        assertThat(ReceiptService.transitions(SIGNED, SUPERVISION_STARTED)).containsExactly(SUPERVISION_STARTED);
        assertThat(ReceiptService.transitions(SUPERVISION_STARTED, SUPERVISION_STARTED)).isEmpty();
    }

    @Test
    void returningIsPossibleUntilSupervisionStarts() {
        assertThat(ReceiptService.transitions(SIGNED, RETURNED)).containsExactly(RETURNED);
        assertThat(ReceiptService.transitions(RETURNED, RETURNED)).isEmpty();
        assertThatThrownBy(() -> ReceiptService.transitions(SUPERVISION_STARTED, RETURNED))
                .isInstanceOf(ReceiptException.class);
        assertThatThrownBy(() -> ReceiptService.transitions(RETURNED, SIGNED)).isInstanceOf(ReceiptException.class)
                .hasMessageContaining("re-routing");
    }
}
