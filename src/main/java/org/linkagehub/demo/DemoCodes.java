package org.linkagehub.demo;

import java.util.Random;

import org.linkagehub.canonical.Uscc;

/** Invented but valid codes for the simulated platforms' applicants. */
final class DemoCodes {

    private static final String USCC_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private DemoCodes() {
    }

    /** A USCC of a company registered in Shizuishan (9164 0200…) with a correct check character. */
    static String randomUscc(Random random) {
        StringBuilder s = new StringBuilder("91640200");
        for (int i = 0; i < 9; i++) {
            s.append(USCC_CHARACTERS.charAt(random.nextInt(USCC_CHARACTERS.length())));
        }
        return s.append(Uscc.checkCharacter(s.toString())).toString();
    }
}
