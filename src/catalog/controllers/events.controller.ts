import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { entryController } from './entry-controller.factory';

@ApiTags('catalog: events')
@Controller('catalog/events')
export class EventsController extends entryController('event') {}
