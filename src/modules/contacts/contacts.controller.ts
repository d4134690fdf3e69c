import { Doc } from '../../platform/http/api-docs';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../platform/http/uuid-param';
import { MAX_IMPORT_ROWS } from './contact-import';
import { ContactsService } from './contacts.service';
import { ContactListQuery, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  /** 409 when a contact already has this e-mail, whatever its case. */
  @Post()
  @HttpCode(201)
  @Doc({summary:  "Add a contact", description:  "One person of the directory. 409 when a contact already has this e-mail, whatever its case.", errors:  [400, 409], status:  201})
  create(@Body() body: CreateContactDto) {
    return this.contacts.create(body);
  }

  /**
   * Upsert by e-mail. CSV: a header row of field names, then one contact per row; rows are
   * numbered from 1 after the header. JSON: an array of contacts, the first being row 1.
   */
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    description: `text/csv with a header row (email,fullName,stakeholderType,honorific,jobTitle,organisation,country,language,timezone,gender) or a JSON array of contacts; at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows`,
    schema: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] },
  })
  @Doc({summary:  "Import contacts (CSV or JSON)", description:  "Upsert by e-mail in one transaction. Every bad row is reported with all its reasons in `rejected` (row 1 is the first after the header) and the others are imported; fix the rows and import the file again.", errors:  [400, 413, 415], example:  {created:  4, updated:  0, rejected:  [{row:  4, errors:  ["email: must be an e-mail address"]}]}})
  import(@Body() body: unknown) {
    return this.contacts.import(body);
  }

  @Get()
  @Doc({summary:  "Search the directory", description:  "Ordered by name; filter by stakeholder type, country, region (M49 area or UN regional group) and a search text. Erased contacts are not listed.", errors:  [400]})
  list(@Query() query: ContactListQuery) {
    return this.contacts.list(query);
  }

  @Get(':id')
  @Doc({summary:  "A contact", description:  "One contact, with whether mail reaches it.", errors:  [400, 404]})
  get(@UuidParam() id: string) {
    return this.contacts.get(id);
  }

  /** Corrects the address; a new one makes a contact marked undeliverable deliverable again. */
  @Patch(':id')
  @Doc({summary:  "Correct a contact's address", description:  "A new address makes a contact marked undeliverable deliverable again.", errors:  [400, 404, 409]})
  update(@UuidParam() id: string, @Body() body: UpdateContactDto) {
    return this.contacts.update(id, body);
  }

  /** Erasure of the person's data; 404 when unknown or already erased. */
  @Delete(':id')
  @HttpCode(204)
  @Doc({summary:  "Erase a person's data", description:  "The right to erasure: the personal data goes, the invitations stay counted without it. 404 when unknown or already erased.", errors:  [400, 404], status:  204})
  async erase(@UuidParam() id: string): Promise<void> {
    await this.contacts.erase(id);
  }
}
