import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n/index.ts';

/** A button naming the other language in that language (lang attribute set for screen readers). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const other = t('common.otherLanguageCode') as Language;
  return (
    <button type="button" lang={other} onClick={() => setLanguage(other)}>
      {t('common.otherLanguage')}
    </button>
  );
}
