package org.qiandai.campaign.cases;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.OldExcelFormatException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.NotOLE2FileException;
import org.apache.poi.poifs.filesystem.OfficeXmlFileException;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/**
 * Reads old {@code .xls} (BIFF8) workbooks. A sheet of this format holds at most 65,536 rows, so it is read whole;
 * the file-size limit bounds the memory it takes. Formulas are not evaluated: their cached result is read.
 */
final class XlsCaseFileReader implements CaseFileReader {

    @Override
    public void read(Path file, RowSink sink) throws IOException, ImportRefusal {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true);
             HSSFWorkbook workbook = new HSSFWorkbook(fs.getRoot(), false)) {
            boolean date1904 = workbook.getInternalWorkbook().isUsing1904DateWindowing();
            for (int s = 0; s < workbook.getNumberOfSheets() && !sink.done(); s++) {
                Sheet sheet = workbook.getSheetAt(s);
                if (!sink.startSheet(sheet.getSheetName(), date1904)) {
                    continue;
                }
                int last = Math.max(1, sheet.getLastRowNum());
                for (Row row : sheet) {
                    Object[] cells = new Object[Math.max(0, row.getLastCellNum())];
                    for (Cell cell : row) {
                        cells[cell.getColumnIndex()] = value(cell, cell.getCellType());
                    }
                    if (!CaseFileReader.isEmpty(cells) && !sink.row(row.getRowNum() + 1L, cells)) {
                        break;
                    }
                    if (row.getRowNum() % 1000 == 0) {
                        sink.progress((double) row.getRowNum() / last);
                    }
                }
            }
        } catch (EncryptedDocumentException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNREADABLE,
                    "the workbook is password-protected; save it without a password and import it again", e);
        } catch (OfficeXmlFileException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                    "the file is an .xlsx workbook named .xls; rename it to .xlsx", e);
        } catch (NotOLE2FileException | OldExcelFormatException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNSUPPORTED_TYPE,
                    "the file is not an Excel 97–2003 (.xls) workbook: " + e.getMessage(), e);
        } catch (CaseFileCheck.FileRefused refused) {
            throw refused;
        } catch (IOException | RuntimeException e) {
            throw new ImportRefusal(ImportRefusedException.Reason.UNREADABLE,
                    "the workbook cannot be read: " + XlsxCaseFileReader.rootMessage(e), e);
        }
    }

    private static Object value(Cell cell, CellType type) {
        return switch (type) {
            case NUMERIC -> cell.getNumericCellValue();
            case STRING -> cell.getStringCellValue();
            case BOOLEAN -> cell.getBooleanCellValue();
            case FORMULA -> value(cell, cell.getCachedFormulaResultType());
            case ERROR -> "#ERROR";
            default -> null;
        };
    }
}
