// Imports the annotations of an XFDF file into a copy of a PDF with Apache PDFBox 2 (Debian's
// libpdfbox2-java), as a consultant's PDF program would: each annotation is placed on its
// page, and one without an appearance gets the appearance PDFBox draws from its standard
// entries. Tests use it to judge our XFDF by what another program makes of it.
//
//   java -cp pdfbox2.jar:fontbox2.jar:commons-logging.jar tools/PdfboxImportXfdf.java \
//        SOURCE.pdf ANNOTATIONS.xfdf OUT.pdf
import java.io.File;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.fdf.FDFAnnotation;
import org.apache.pdfbox.pdmodel.fdf.FDFDocument;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;

public class PdfboxImportXfdf {
    public static void main(String[] args) throws Exception {
        try (PDDocument pdf = PDDocument.load(new File(args[0]));
             FDFDocument fdf = FDFDocument.loadXFDF(new File(args[1]))) {
            int imported = 0;
            for (FDFAnnotation item : fdf.getCatalog().getFDF().getAnnotations()) {
                PDPage page = pdf.getPage(item.getPage());
                PDAnnotation annotation = PDAnnotation.createAnnotation(item.getCOSObject());
                annotation.setPage(page);
                List<PDAnnotation> annotations = page.getAnnotations();
                annotations.add(annotation);
                page.setAnnotations(annotations);
                if (annotation.getAppearance() == null) {
                    annotation.constructAppearances(pdf);
                }
                imported++;
            }
            pdf.save(new File(args[2]));
            System.out.println(imported);
        }
    }
}
