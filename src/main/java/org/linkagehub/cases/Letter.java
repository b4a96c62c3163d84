package org.linkagehub.cases;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A formal letter: its document number (文号), its date and who signed it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Letter(String documentNumber, String date, String signer) {
}
