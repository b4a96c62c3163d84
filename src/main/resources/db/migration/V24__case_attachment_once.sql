-- Issue 12: the same file attached twice to a case is one attachment (the upload answers 200 with the one there):
-- its sha256 is unique within the case. The unique index also serves the case's listing (case_id leads).
drop index case_attachment_case;
create unique index case_attachment_sha256 on case_attachment (case_id, sha256);
