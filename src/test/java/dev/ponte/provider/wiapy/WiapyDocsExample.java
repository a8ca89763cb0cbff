package dev.ponte.provider.wiapy;

/**
 * The payload example of https://ajuda.wiapy.com/wiapy/produtor/integracoes/webhook, with the comma the page
 * omits after {@code "type": "payment"} restored and the obfuscated e-mail replaced.
 */
final class WiapyDocsExample {

    static final String JSON = """
            {
              "payment": {
                "id": "680bb49dcc58d1620569cb2e",
                "status": "paid",
                "amount": 1770,
                "payment_method": "pix",
                "type": "payment",
                "installments": 0,
                "installment_interest_rate": 0,
                "credit_card_interest_fee": 0,
                "pix_boleto": {
                  "code": "copia-cola-pix-ou-codigo-barra-boleto",
                  "url": "https://wiapy.com/url-do-pix-ou-boleto"
                },
                "fee": 190,
                "dt_create": "2025-04-25T16:13:17.284Z",
                "dt_update": "2025-04-25T16:13:17.284Z"
              },
              "subscription": {},
              "customer": {
                "id": "680bb49bcc58d1620569cb24",
                "name": "Thay",
                "email": "thay@exemplo.com",
                "mobile_phone": "(11) 99999-9999",
                "document": "123.456.678.90"
              },
              "checkout": {
                "id": "66e0799f17f298ff3c60f345",
                "title": "Produto teste",
                "amount": 990,
                "orderbump": [
                  {
                    "id": "67b9f0f5f777cbea4ba9cbfa",
                    "title": "Orderbump teste",
                    "amount": 780
                  }
                ]
              },
              "products": [
                {
                  "id": "66df9e14dbebe565ee587fc3",
                  "title": "Nome do meu produto 1",
                  "type": "Curso Online",
                  "itens": [
                    {
                      "title": "Acesso via Área de Membros",
                      "url": "https://wiapy.com/login"
                    }
                  ]
                },
                {
                  "id": "67ddba018866dea35e314915",
                  "title": "Nome do meu Produto 2",
                  "type": "E-book",
                  "itens": [
                    {
                      "title": "Arquivo 01",
                      "url": "URL DO ARQUIVO"
                    },
                    {
                      "title": "Arquivo 02",
                      "url": "URL DO ARQUIVO"
                    }
                  ]
                },
                {
                  "id": "67ddba018866dea35e314915",
                  "title": "Nome do meu Produto 3",
                  "type": "Mentoria",
                  "itens": [
                    {
                      "title": "Acesso via Área de Membros",
                      "url": "https://wiapy.com/login"
                    }
                  ]
                },
                {
                  "id": "67ddba018866dea35e314915",
                  "title": "Nome do meu Produto 4",
                  "type": "Externo",
                  "itens": []
                }
              ],
              "tracking": {
                "ip": null,
                "useragent": null,
                "fbc": null,
                "fbp": null,
                "utm_source": null,
                "utm_medium": null,
                "utm_campaign": null,
                "utm_content": null,
                "utm_term": null
              }
            }
            """;

    private WiapyDocsExample() {
    }
}
