package org.linkagehub.ingest;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/decisions/manual/csv}: a batch of paper decisions as CSV (columns in the README), sent as
 * the request body ({@code text/csv}) or as the form field {@code file} of a multipart upload.
 */
@RestController
@Tag(name = "Decisions")
public class ManualCsvController {

    private static final String PATH = "/api/v1/decisions/manual/csv";

    private final ManualCsvUpload upload;

    public ManualCsvController(ManualCsvUpload upload) {
        this.upload = upload;
    }

    @PostMapping(path = PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload paper decisions as a CSV file (operators, multipart field 'file')")
    public ResponseEntity<ManualCsvUpload.Result> file(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String charset, Authentication operator) throws IOException {
        return answer(upload.upload(file.getBytes(), file.getOriginalFilename(), charset, operator.getName()));
    }

    @PostMapping(path = PATH, consumes = {"text/csv", "text/plain", "application/octet-stream"})
    @Operation(summary = "Upload paper decisions as CSV (operators)",
            description = "UTF-8 (with or without BOM) or GB18030, detected unless ?charset= names it. 200 with each "
                    + "row's status (ACCEPTED, DUPLICATE, QUARANTINED with reasons) and totals; 400 with the reasons "
                    + "when the file itself cannot be read (it is kept in quarantine).")
    public ResponseEntity<ManualCsvUpload.Result> body(@RequestBody(required = false) byte[] body,
            @RequestParam(required = false) String charset, Authentication operator) {
        return answer(upload.upload(body == null ? new byte[0] : body, null, charset, operator.getName()));
    }

    private static ResponseEntity<ManualCsvUpload.Result> answer(ManualCsvUpload.Result result) {
        return ResponseEntity.status(result.refused().isEmpty() ? HttpStatus.OK : HttpStatus.BAD_REQUEST).body(result);
    }
}
