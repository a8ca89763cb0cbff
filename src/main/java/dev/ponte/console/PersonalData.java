package dev.ponte.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks customers' e-mails and tax documents (CPF, CNPJ) for display, unless {@code ponte.console.show-personal-data}
 * is on. In a JSON document (the unified event and its raw payload) every string that looks like an e-mail address
 * is masked, and every field named like a document.
 */
public final class PersonalData {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("document", "doc", "cpf", "cnpj", "cpf_cnpj", "cpfcnpj",
            "document_number", "documentnumber", "docnumber", "doc_number", "tax_id", "taxid", "identification");

    private final boolean show;

    public PersonalData(boolean show) {
        this.show = show;
    }

    public boolean shown() {
        return show;
    }

    /** {@code m***@exemplo.com.br}, the chargeback alert's form. */
    public String email(String email) {
        if (show || email == null) {
            return email;
        }
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    /** All but the last two characters hidden: {@code *********01}. */
    public String document(String document) {
        if (show || document == null) {
            return document;
        }
        int keep = Math.min(2, document.length() / 4);
        return "*".repeat(document.length() - keep) + document.substring(document.length() - keep);
    }

    /** A masked copy of a JSON document (the original is left alone). */
    public JsonNode json(JsonNode node) {
        if (show || node == null) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    private void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual() || value.isNumber()) {
                    String text = value.asText();
                    if (DOCUMENT_FIELDS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                        field.setValue(object.textNode(document(text)));
                    } else if (value.isTextual() && EMAIL.matcher(text).matches()) {
                        field.setValue(object.textNode(email(text)));
                    }
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (item.isTextual() && EMAIL.matcher(item.asText()).matches()) {
                    array.set(i, array.textNode(email(item.asText())));
                } else {
                    mask(item);
                }
            }
        }
    }
}
