package dev.ponte.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Customer(String id, String name, String email, String document, DocumentType documentType,
                       List<Phone> phoneNumbers, Address address) {

    public Customer {
        phoneNumbers = phoneNumbers == null ? List.of() : List.copyOf(phoneNumbers);
    }

    /** A customer from the raw values a provider sends: the document and phone go through their rules. */
    public static Customer of(String id, String name, String email, String rawDocument, String rawPhone,
                              Address address) {
        Documents.Document document = Documents.parse(rawDocument);
        Phone phone = Phones.parse(rawPhone);
        return new Customer(id, name, email, document == null ? null : document.value(),
                document == null ? null : document.type(), phone == null ? List.of() : List.of(phone), address);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Address(String zipCode, String street, String number, String complement, String neighborhood,
                          String city, String state, String country) {

        /** Null when every field is null: providers send address objects of nulls. */
        public Address orNull() {
            return java.util.stream.Stream.of(zipCode, street, number, complement, neighborhood, city, state, country)
                    .allMatch(java.util.Objects::isNull) ? null : this;
        }
    }
}
