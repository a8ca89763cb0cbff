package dev.ponte.support;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the pipe tables of the project's Markdown docs, so tests can hold a doc to the code. */
public final class MarkdownTables {

    private MarkdownTables() {
    }

    /**
     * The body rows, as trimmed cells, of every table whose first header cell is {@code firstHeader}; fails when
     * there is none.
     */
    public static List<List<String>> rows(String markdown, String firstHeader) {
        List<List<String>> rows = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        boolean found = false;
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (!isRow(lines.get(i)) || !lines.get(i + 1).matches("\\s*\\|[\\s|:-]+\\|\\s*")
                    || !cells(lines.get(i)).get(0).equals(firstHeader)) {
                continue;
            }
            found = true;
            for (int j = i + 2; j < lines.size() && isRow(lines.get(j)); j++) {
                rows.add(cells(lines.get(j)));
            }
        }
        assertThat(found).as("a table headed '%s'", firstHeader).isTrue();
        return rows;
    }

    /** The text of a cell that is one code span: {@code `order.id`} → {@code order.id}. */
    public static String code(String cell) {
        assertThat(cell).as("a cell holding one code span").matches("`[^`]+`");
        return cell.substring(1, cell.length() - 1);
    }

    private static boolean isRow(String line) {
        return line.trim().startsWith("|") && line.trim().endsWith("|");
    }

    /** Splits on pipes outside code spans ({@code `a|b`} stays one cell); {@code \|} is a literal pipe. */
    static List<String> cells(String line) {
        String body = line.trim();
        body = body.substring(1, body.length() - 1);
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '`') {
                inCode = !inCode;
                cell.append(c);
            } else if (c == '|' && !inCode) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
