import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto mt-10 max-w-lg rounded-lg border border-amber-300 bg-amber-50 p-6">
      <h1 className="text-xl font-semibold text-amber-950">Acesso negado</h1>
      <p className="mt-2 text-amber-900">
        Seu papel no portal não permite ver esta página. Se você precisa dela, peça a um administrador que ajuste seu papel.
      </p>
      <Link href="/" className="mt-4 inline-block text-blue-700 hover:underline">
        Voltar ao início
      </Link>
    </div>
  );
}
