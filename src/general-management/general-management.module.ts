import { Module } from '@nestjs/common';
import { GeneralManagementController } from './general-management.controller';
import { GeneralManagementRequestParser } from './general-management-request.parser';
import { GeneralManagementService } from './general-management.service';

@Module({ controllers: [GeneralManagementController], providers: [GeneralManagementService, GeneralManagementRequestParser] })
export class GeneralManagementModule {}
