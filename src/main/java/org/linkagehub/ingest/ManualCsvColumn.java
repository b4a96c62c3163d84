package org.linkagehub.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of a paper-decision CSV upload, each under its English key (the name the row gets in JSON and in
 * {@code mappings/sources/manual-csv.yaml}) and the Chinese headers offices actually type. Header names are matched
 * ignoring case and surrounding spaces; order does not matter.
 */
enum ManualCsvColumn {
    DOCUMENT_NUMBER("documentNumber", true, "文号", "决定文号", "许可文书号"),
    DECISION_TYPE("decisionType", true, "决定类型", "决定"),
    DECISION_DATE("decisionDate", true, "决定日期", "许可决定日期"),
    MATTER_CODE("matterCode", true, "事项编码"),
    MATTER_NAME("matterName", false, "事项名称"),
    SUBJECT_CATEGORY("subjectCategory", false, "相对人类别", "行政相对人类别"),
    SUBJECT_NAME("subjectName", true, "相对人名称", "行政相对人名称"),
    USCC("uscc", false, "统一社会信用代码"),
    ID_NUMBER("idNumber", false, "证件号码", "身份证号码"),
    LICENCE_NAME("licenceName", false, "证照名称", "许可证书名称"),
    LICENCE_NUMBER("licenceNumber", false, "证照编号", "许可编号"),
    VALID_FROM("validFrom", false, "有效期自"),
    VALID_TO("validTo", false, "有效期至"),
    COMMITMENT("commitment", false, "告知承诺"),
    SUPERSEDES("supersedes", false, "原文号"),
    ISSUING_AUTHORITY("issuingAuthority", false, "许可机关", "发证机关"),
    ISSUING_AUTHORITY_USCC("issuingAuthorityUscc", false, "许可机关统一社会信用代码", "许可机关代码");

    /** The JSON key of a row's own id: {@code csv:<first 12 hex of the file's SHA-256>:<row>}. */
    static final String ROW_ID = "row";

    final String key;
    final boolean mandatory;
    final List<String> headers;

    ManualCsvColumn(String key, boolean mandatory, String... chinese) {
        this.key = key;
        this.mandatory = mandatory;
        this.headers = List.of(chinese);
    }

    static Optional<ManualCsvColumn> byHeader(String header) {
        String h = header.strip().replace("\uFEFF", "");
        for (ManualCsvColumn c : values()) {
            if (c.key.toLowerCase(Locale.ROOT).equals(h.toLowerCase(Locale.ROOT)) || c.headers.contains(h)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
