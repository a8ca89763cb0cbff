package dev.ponte.event;

/**
 * Brazilian tax ids: a full CPF (11 digits) or CNPJ (14) becomes digits only with its type; a masked document
 * ({@code 123.***.***-**}) or anything else is kept as sent, with the type only when the mask's shape tells it.
 */
public final class Documents {

    public record Document(String value, DocumentType type) {
    }

    private Documents() {
    }

    /** @return null for null/blank input */
    public static Document parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (trimmed.indexOf('*') >= 0) {
            int slots = trimmed.replaceAll("[^0-9*]", "").length();
            return new Document(trimmed, slots == 11 ? DocumentType.CPF : slots == 14 ? DocumentType.CNPJ : null);
        }
        String digits = trimmed.replaceAll("[^0-9]", "");
        if (trimmed.matches("[0-9.\\-/ ]+")) {
            if (digits.length() == 11) {
                return new Document(digits, DocumentType.CPF);
            }
            if (digits.length() == 14) {
                return new Document(digits, DocumentType.CNPJ);
            }
        }
        return new Document(trimmed, null);
    }
}
