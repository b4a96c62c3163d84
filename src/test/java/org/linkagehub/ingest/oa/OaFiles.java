package org.linkagehub.ingest.oa;

import java.util.UUID;

/** OA decision documents for tests, shaped as legacy-formats §1 describes them. */
final class OaFiles {

    private OaFiles() {
    }

    static String uniqueNumber(String prefix) {
        return "石审批" + prefix + "〔2026〕" + UUID.randomUUID().toString().substring(0, 8) + "号";
    }

    /** A grant of a food business licence (routed to SCJG) to an organisation, in the given encoding's prolog. */
    static String grant(String encoding, String documentNumber, String applicant) {
        return """
                <?xml version="1.0" encoding="%s"?>
                <GongWen xmlns="urn:nx:oa:gongwen:1">
                  <WenHao>%s</WenHao>
                  <BiaoTi>关于准予%s食品经营许可的决定</BiaoTi>
                  <FaWenJiGuan daima="11640200MB1234567U">石嘴山市审批服务管理局</FaWenJiGuan>
                  <FaWenRiQi>2026年11月26日</FaWenRiQi>
                  <ShiXiang bianma="640200-SPJ-SP-0031">食品经营许可</ShiXiang>
                  <XiangDuiRen leibie="法人" xinyongdaima="91640205MA7N2P3Q42">%s</XiangDuiRen>
                  <JueDing>准予许可</JueDing>
                </GongWen>
                """.formatted(encoding, documentNumber, applicant, applicant);
    }
}
